package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.MaestroLeaderElectionAutoConfigurationTests.Noted;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.Shard;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code maestro.sharding.*}: the shard bean, how a replica finds its shard, the Lease per shard, and two
 * application contexts as two shards of one operator on one embedded API server.
 */
class MaestroShardingAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Gadget.crd()));

  private static final AtomicInteger counter = new AtomicInteger();

  private final ApplicationContextRunner runner = MaestroLeaderElectionAutoConfigurationTests.notingGadgets(server);

  @Test
  void withoutShardingEveryControllerOwnsEveryKey() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Shard.class)).isEqualTo(Shard.ALL);
      assertThat(context.getBean(ControllerRegistry.class).controllers()).extracting(Controller::shard)
          .containsOnly(Shard.ALL);
      assertThat(gadgetsHealth(context)).doesNotContainKey("shard");
    });
  }

  @Test
  void indexAndCountSetTheShardOfEveryControllerAndItsHealth() {
    runner.withPropertyValues("maestro.sharding.count=3", "maestro.sharding.index=2").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ControllerRegistry.class).controllers()).extracting(Controller::shard)
          .containsOnly(Shard.of(2, 3));
      assertThat(gadgetsHealth(context)).containsEntry("shard", Map.of("index", 2, "count", 3));
    });
  }

  @Test
  void withoutAnIndexTheStatefulSetOrdinalOfTheHostNameNamesTheShard() {
    runner.withPropertyValues("maestro.sharding.count=3", "HOSTNAME=gadget-operator-4").run(context ->
        assertThat(context.getBean(Shard.class)).isEqualTo(Shard.of(1, 3)));
  }

  @Test
  void withoutAnIndexOrAnOrdinalTheStartUpFailsSayingWhatToSet() {
    runner.withPropertyValues("maestro.sharding.count=2", "HOSTNAME=laptop").run(context ->
        assertThat(context).getFailure().rootCause().isInstanceOf(MaestroConfigurationException.class)
            .hasMessageContaining("host name 'laptop'").hasMessageContaining("set maestro.sharding.index"));
  }

  @Test
  void countAndIndexOutOfRangeFailTheStartUpNamingTheProperty() {
    runner.withPropertyValues("maestro.sharding.count=0").run(context ->
        MaestroAutoConfigurationTests.assertBindingRejected(context, "maestro.sharding.count", "at least 1"));
    runner.withPropertyValues("maestro.sharding.count=2", "maestro.sharding.index=2").run(context ->
        MaestroAutoConfigurationTests.assertBindingRejected(context, "maestro.sharding.index", "from 0 to"));
  }

  @Test
  void leaseNameLeavesRoomForTheShardSuffix() {
    String name = "a".repeat(250);
    runner.withPropertyValues("maestro.leader-election.enabled=true", "maestro.leader-election.lease-name=" + name)
        .run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues("maestro.sharding.count=2", "maestro.sharding.index=0",
        "maestro.leader-election.enabled=true", "maestro.leader-election.lease-name=" + name).run(context ->
        MaestroAutoConfigurationTests.assertBindingRejected(context, "maestro.leader-election.lease-name",
            "with the shard suffix"));
  }

  @Test
  void aDefaultLeaseNameTooLongForTheShardSuffixIsCut() {
    runner.withPropertyValues("maestro.sharding.count=12", "maestro.sharding.index=11",
        "maestro.leader-election.enabled=true", "maestro.leader-election.lease-namespace=ops",
        "spring.application.name=" + "a".repeat(300)).run(context -> {
          String lease = context.getBean(LeaderElection.class).lease();
          assertThat(lease).startsWith("ops/aaa").endsWith("-shard-11");
          assertThat(lease.length() - "ops/".length()).isEqualTo(253);
        });
  }

  @Test
  void eachShardElectsItsOwnLeader() {
    runner.withPropertyValues("maestro.sharding.count=2", "maestro.sharding.index=1",
        "maestro.leader-election.enabled=true", "maestro.leader-election.lease-name=gadgets",
        "maestro.leader-election.lease-namespace=ops").run(context ->
        assertThat(context.getBean(LeaderElection.class).lease()).isEqualTo("ops/gadgets-shard-1"));
    runner.withPropertyValues("maestro.sharding.count=2", "maestro.sharding.index=0",
        "maestro.leader-election.enabled=true", "spring.application.name=gadget-operator",
        "maestro.leader-election.lease-namespace=ops").run(context ->
        assertThat(context.getBean(LeaderElection.class).lease()).isEqualTo("ops/gadget-operator-leader-shard-0"));
  }

  @Test
  void twoReplicasAsTwoShardsReconcileEachGadgetOnceBetweenThem() {
    String namespace = "shards-" + counter.incrementAndGet();
    KubernetesClient client = server.client();
    List<String> names = IntStream.range(0, 20).mapToObj(i -> "g" + i).toList();
    names.forEach(name -> client.resource(Gadget.of(namespace, name)).create());
    Set<String> ofZero = names.stream()
        .filter(name -> Shard.indexOf(new ResourceKey(namespace, name), 2) == 0).collect(Collectors.toSet());
    Set<String> ofOne = new HashSet<>(names);
    ofOne.removeAll(ofZero);
    ApplicationContextRunner sharded = runner.withPropertyValues("maestro.namespaces=" + namespace,
        "maestro.sharding.count=2");
    sharded.withPropertyValues("maestro.sharding.index=0").run(zero ->
        sharded.withPropertyValues("maestro.sharding.index=1").run(one -> {
          Noted byZero = zero.getBean(Noted.class);
          Noted byOne = one.getBean(Noted.class);
          await().atMost(Duration.ofSeconds(10))
              .until(() -> byZero.names.equals(ofZero) && byOne.names.equals(ofOne));
          assertThat(ofZero).isNotEmpty();
          assertThat(ofOne).isNotEmpty();
        }));
  }

  private static Map<String, Object> gadgetsHealth(org.springframework.context.ApplicationContext context) {
    return MaestroLeaderElectionAutoConfigurationTests.gadgetsHealth(context).getDetails();
  }
}
