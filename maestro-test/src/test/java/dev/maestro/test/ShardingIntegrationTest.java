package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.Shard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas of one operator splitting the keys between them on the embedded API server, each with its own client,
 * informers and controller. The per-shard Leases rely on the server answering a stale update with 409 (FACTS.md).
 */
class ShardingIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static int counter;

  private KubernetesClient client;
  private String namespace;
  private final List<Controller<Widget>> controllers = new ArrayList<>();
  private final List<LeaderElection> elections = new ArrayList<>();

  @BeforeEach
  void setUp() {
    client = server.unrecordedClient();
    namespace = "sharding" + (++counter);
  }

  @AfterEach
  void tearDown() {
    elections.forEach(election -> election.stop(Duration.ofSeconds(5)));
    controllers.forEach(controller -> controller.stop(Duration.ofSeconds(5)));
  }

  /** A replica's controller for {@code shard}, noting how often it reconciled each widget. */
  private Controller<Widget> replica(Shard shard, Map<String, Integer> reconciled) {
    return Maestro.forParent(Widget.class).named("widgets").withClient(server.client())
        .inNamespaces(namespace)
        .withShard(shard)
        .register(SyncStep.<Widget>action("note", (context, widget) ->
            reconciled.merge(widget.getMetadata().getName(), 1, Integer::sum)))
        .build();
  }

  private List<String> createWidgets(int count) {
    List<String> names = IntStream.range(0, count).mapToObj(i -> "w" + i).toList();
    names.forEach(name -> client.resource(Widget.of(namespace, name, "blue")).create());
    return names;
  }

  private Set<String> ownedBy(int index, int count, List<String> names) {
    return names.stream().filter(name -> Shard.indexOf(new ResourceKey(namespace, name), count) == index)
        .collect(Collectors.toSet());
  }

  @Test
  void twoShardsReconcileEachKeyOnceBetweenThem() {
    List<String> names = createWidgets(40);
    Map<String, Integer> first = new ConcurrentHashMap<>();
    Map<String, Integer> second = new ConcurrentHashMap<>();
    Controller<Widget> zero = replica(Shard.of(0, 2), first);
    Controller<Widget> one = replica(Shard.of(1, 2), second);
    controllers.addAll(List.of(zero, one));
    zero.start();
    one.start();

    Set<String> ofZero = ownedBy(0, 2, names);
    Set<String> ofOne = ownedBy(1, 2, names);
    assertThat(ofZero).as("both shards own keys of the 40").isNotEmpty();
    assertThat(ofOne).isNotEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> first.keySet().equals(ofZero) && second.keySet().equals(ofOne));

    // a change reaches both replicas' informers; only the owner reconciles it
    String changed = ofOne.iterator().next();
    client.resources(Widget.class).inNamespace(namespace).withName(changed).edit(widget -> {
      widget.getSpec().setColor("red");
      return widget;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> second.get(changed) == 2);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> zero.parents().get(new ResourceKey(namespace, changed)).map(w -> w.getSpec().getColor())
            .orElse("").equals("red"));
    assertThat(first).doesNotContainKey(changed);
    assertThat(zero.queue().adds()).as("keys the first replica queued").isEqualTo(ofZero.size());
    assertThat(first.values()).containsOnly(1);
  }

  @Test
  void requestsForKeysOfAnotherShardAreIgnored() {
    Map<String, Integer> reconciled = new ConcurrentHashMap<>();
    Controller<Widget> zero = replica(Shard.of(0, 2), reconciled);
    controllers.add(zero);
    zero.startCaches();
    List<ResourceKey> keys = IntStream.range(0, 20).mapToObj(i -> new ResourceKey(namespace, "k" + i)).toList();
    long theirs = keys.stream().filter(key -> !zero.owns(key)).count();
    assertThat(theirs).isPositive();

    keys.forEach(zero::enqueue);

    assertThat(zero.queue().depth()).isEqualTo(keys.size() - theirs);
    assertThat(zero.shard()).isEqualTo(Shard.of(0, 2));
  }

  @Test
  void aLeasePerShardHandsEachShardOverOnItsOwn() {
    List<String> names = createWidgets(20);
    Map<String, Integer> zeroA = new ConcurrentHashMap<>();
    Map<String, Integer> zeroB = new ConcurrentHashMap<>();
    Map<String, Integer> oneA = new ConcurrentHashMap<>();
    LeaderElection leadsZero = elect("zero-a", "widgets-shard-0", replica(Shard.of(0, 2), zeroA));
    await().atMost(Duration.ofSeconds(10)).until(leadsZero::isLeader);
    LeaderElection standsByZero = elect("zero-b", "widgets-shard-0", replica(Shard.of(0, 2), zeroB));
    LeaderElection leadsOne = elect("one-a", "widgets-shard-1", replica(Shard.of(1, 2), oneA));

    Set<String> ofZero = ownedBy(0, 2, names);
    Set<String> ofOne = ownedBy(1, 2, names);
    await().atMost(Duration.ofSeconds(10)).until(() -> zeroA.keySet().equals(ofZero) && oneA.keySet().equals(ofOne));
    assertThat(leadsOne.isLeader()).as("the other shard's Lease is its own").isTrue();
    assertThat(zeroB).isEmpty();

    assertThat(leadsZero.stop(Duration.ofSeconds(5))).isTrue();

    // the standby of shard 0 takes over shard 0's keys; shard 1 keeps its leader and reconciles nothing again
    await().atMost(Duration.ofSeconds(10)).until(() -> zeroB.keySet().equals(ofZero));
    assertThat(standsByZero.isLeader()).isTrue();
    assertThat(leadsOne.isLeader()).isTrue();
    assertThat(oneA.values()).containsOnly(1);
  }

  private LeaderElection elect(String identity, String lease, Controller<Widget> controller) {
    LeaderElection election = LeaderElection.forLease(namespace, lease).withClient(server.client())
        .withIdentity(identity).withLeaseDuration(Duration.ofSeconds(60)).withRenewDeadline(Duration.ofSeconds(30))
        .withRetryPeriod(Duration.ofMillis(200)).build();
    election.start(List.of(controller));
    elections.add(election);
    return election;
  }
}
