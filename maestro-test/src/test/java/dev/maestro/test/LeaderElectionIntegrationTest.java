package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of one operator competing for a Lease on the embedded API server, each with its own controller and
 * informers. Relies on the server answering an update with a stale resourceVersion with 409 (FACTS.md), which is
 * what keeps two replicas from both taking the Lease, as on a real API server.
 */
class LeaderElectionIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static int counter;

  private KubernetesClient client;
  private String namespace;
  private String leaseName;
  private final List<Replica> replicas = new ArrayList<>();

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "election" + (++counter);
    leaseName = "widgets-leader-" + counter;
  }

  @AfterEach
  void tearDown() {
    server.clearFaults();
    replicas.forEach(replica -> replica.election.stop(Duration.ofSeconds(5)));
  }

  /**
   * One replica: a controller whose step notes every widget it reconciles (and blocks on those named "slow…" until
   * interrupted), under its own election.
   */
  private final class Replica {
    final Set<String> reconciled = ConcurrentHashMap.newKeySet();
    final java.util.concurrent.CountDownLatch slowStarted = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicBoolean slowInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
    final Controller<Widget> controller;
    final LeaderElection election;

    Replica(String identity, Duration leaseDuration) {
      this(identity, leaseDuration, leaseDuration.dividedBy(2), client);
    }

    Replica(String identity, Duration leaseDuration, Duration renewDeadline, KubernetesClient client) {
      controller = Maestro.forParent(Widget.class).named("widgets-" + identity).withClient(client)
          .inNamespaces(namespace)
          .register(SyncStep.<Widget>action("note", (context, widget) -> {
            reconciled.add(widget.getMetadata().getName());
            if (widget.getMetadata().getName().startsWith("slow")) {
              slowStarted.countDown();
              try {
                new java.util.concurrent.CountDownLatch(1).await();
              } catch (InterruptedException e) {
                slowInterrupted.set(true); // and swallowed, the flag not restored, as careless steps do
              }
            }
          }))
          .build();
      election = LeaderElection.forLease(namespace, leaseName).withClient(client).withIdentity(identity)
          .withLeaseDuration(leaseDuration).withRenewDeadline(renewDeadline)
          .withRetryPeriod(Duration.ofMillis(200)).build();
    }

    Replica start() {
      election.start(List.of(controller));
      replicas.add(this);
      return this;
    }
  }

  /**
   * A replica whose Lease takes a minute to expire and half of that to be given up for want of renewal: no test
   * waits for either (a busy machine must not make a leader lose the Lease), leadership changes by release or by
   * another holder only.
   */
  private Replica replica(String identity) {
    return new Replica(identity, Duration.ofSeconds(60));
  }

  private void create(String name) {
    client.resource(Widget.of(namespace, name, "blue")).create();
  }

  private Lease lease() {
    return client.leases().inNamespace(namespace).withName(leaseName).get();
  }

  private static String holder(Lease lease) {
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void onlyTheLeaderReconcilesWhileTheStandbyKeepsItsCacheAndQueueFilled() {
    create("first");
    Replica a = replica("a").start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
    Replica b = replica("b").start();

    create("second");

    await().atMost(Duration.ofSeconds(10)).until(() -> a.reconciled.containsAll(Set.of("first", "second")));
    await().atMost(Duration.ofSeconds(10)).until(() -> b.controller.queue().depth() == 2);
    assertThat(holder(lease())).isEqualTo("a");
    assertThat(b.election.isLeader()).isFalse();
    assertThat(b.election.leader()).contains("a");
    assertThat(b.controller.isRunning()).isTrue();
    assertThat(b.controller.isReconciling()).isFalse();
    assertThat(b.controller.parents().get(new ResourceKey(namespace, "second"))).as("standby cache").isPresent();
    assertThat(b.reconciled).isEmpty();
    assertThat(b.controller.reconcileCount()).isZero();
    assertThat(a.controller.isReconciling()).isTrue();
  }

  @Test
  void stoppingLeaderReleasesTheLeaseAndTheStandbyTakesOverWithoutWaitingForItToExpire() {
    create("converged");
    // a Lease that would take a minute to expire: only a release lets the standby take over within the wait below
    Replica a = replica("a").start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
    Replica b = replica("b").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.reconciled.contains("converged"));

    assertThat(a.election.stop(Duration.ofSeconds(5))).isTrue();

    assertThat(holder(lease())).as("holder right after the leader stopped").isNullOrEmpty();
    assertThat(a.controller.isRunning()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(b.election::isLeader);
    create("later");
    // the new leader reconciles everything it has cached, converged or not, and then what changes
    await().atMost(Duration.ofSeconds(10)).until(() -> b.reconciled.containsAll(Set.of("converged", "later")));
    assertThat(holder(lease())).isEqualTo("b");
    assertThat(a.reconciled).doesNotContain("later");
  }

  @Test
  void leaderThatLosesTheLeaseStopsReconcilingAndLeadsAgainOnceItIsFree() {
    Replica a = replica("a").start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);

    // someone else takes the Lease for an hour
    client.leases().inNamespace(namespace).withName(leaseName).edit(lease -> {
      lease.getSpec().setHolderIdentity("intruder");
      lease.getSpec().setLeaseDurationSeconds(3600);
      lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      return lease;
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> !a.election.isLeader() && !a.controller.isReconciling());
    assertThat(a.election.leader()).contains("intruder");
    create("while-lost");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.controller.queue().depth() == 1);
    assertThat(a.reconciled).doesNotContain("while-lost");

    // the intruder lets go
    client.leases().inNamespace(namespace).withName(leaseName).edit(lease -> {
      lease.getSpec().setHolderIdentity(null);
      return lease;
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> a.reconciled.contains("while-lost"));
    assertThat(a.election.isLeader()).isTrue();
    assertThat(a.election.acquisitions()).isEqualTo(2);
    assertThat(holder(lease())).isEqualTo("a");
  }

  @Test
  void reconcileInFlightWhenTheLeaseIsLostIsInterruptedAtOnce() throws InterruptedException {
    // waiting for what is left of the Lease after the renew deadline would leave the reconcile running for 30 s
    Replica a = replica("a").start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
    create("slow-one");
    assertThat(a.slowStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    int mark = server.requests().mark();

    client.leases().inNamespace(namespace).withName(leaseName).edit(lease -> {
      lease.getSpec().setHolderIdentity("intruder");
      lease.getSpec().setLeaseDurationSeconds(3600);
      lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      return lease;
    });

    await().atMost(Duration.ofSeconds(10)).untilTrue(a.slowInterrupted);
    assertThat(a.controller.isReconciling()).isFalse();
    // the step swallowed the interrupt (flag and all) and returned; a replica that no longer leads writes nothing
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
        server.requests().writesSince(mark).stream().noneMatch(r -> r.path().contains("/widgets/")));
    assertThat(a.controller.queue().depth()).as("the key waits for this replica to lead again").isEqualTo(1);
  }

  @Test
  void leaderWhoseRenewalHangsStopsReconcilingAfterTheRenewDeadlineNotWhenTheRequestGivesUp() {
    // a renewal that hangs for a minute: fabric8 itself would notice the missed deadline only when it returns,
    // long after another replica could have taken the Lease (30 s after the last renewal)
    KubernetesClient patient = server.client(config -> config.withRequestTimeout(60_000));
    Replica a = new Replica("a", Duration.ofSeconds(30), Duration.ofSeconds(3), patient).start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);

    server.inject(Fault.onPatch(Lease.class).inNamespace(namespace).named(leaseName).timeOut().always());

    await().atMost(Duration.ofSeconds(20)).until(() -> !a.election.isLeader() && !a.controller.isReconciling());
    create("unattended");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.controller.queue().depth() == 1);
    assertThat(a.reconciled).doesNotContain("unattended");
  }

  @Test
  void replicaLeadsOnlyOnceAWriteOfTheLeaseNamingItSucceeded() {
    // a Lease that already names replica "a", say from before a restart, but that "a" cannot write now (fabric8
    // 8.0.0 itself reports leadership only after a write too; Maestro does not rely on it)
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    server.unrecordedClient().resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
        .withNewMetadata().withNamespace(namespace).withName(leaseName).endMetadata()
        .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(60).withAcquireTime(now).withRenewTime(now)
        .withLeaseTransitions(0).endSpec()
        .build()).create();
    InjectedFault refused = server.inject(Fault.onPatch(Lease.class).inNamespace(namespace).named(leaseName)
        .failWith(500).always());
    create("early");
    Replica a = replica("a").start();

    // fabric8 reads the Lease naming "a" and tries to renew it, again and again
    await().atMost(Duration.ofSeconds(10)).until(() -> refused.timesFired() >= 3);
    assertThat(a.election.isLeader()).isFalse();
    assertThat(a.reconciled).isEmpty();

    refused.remove();

    await().atMost(Duration.ofSeconds(10)).until(() -> a.reconciled.contains("early"));
    assertThat(a.election.isLeader()).isTrue();
  }

  @Test
  void stoppingAStandbyLeavesTheLeaseToTheLeader() {
    Replica a = replica("a").start();
    await().atMost(Duration.ofSeconds(10)).until(a.election::isLeader);
    Replica b = replica("b").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> b.election.leader().isPresent());

    assertThat(b.election.stop(Duration.ofSeconds(5))).isTrue();

    assertThat(holder(lease())).isEqualTo("a");
    assertThat(a.election.isLeader()).isTrue();
    create("after");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.reconciled.contains("after"));
  }
}
