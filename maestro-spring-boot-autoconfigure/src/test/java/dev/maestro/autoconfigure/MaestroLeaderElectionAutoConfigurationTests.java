package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.actuate.MaestroHealthContributorAutoConfiguration;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code maestro.leader-election.*}: the election bean and its defaults, the lifecycle under it, its health
 * details, and two application contexts as two replicas of one operator on one embedded API server.
 */
class MaestroLeaderElectionAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Gadget.crd()));

  private static final AtomicInteger counter = new AtomicInteger();

  private final ApplicationContextRunner runner = notingGadgets(server);

  /**
   * Maestro and its health contributor on {@code server}, with one controller of gadgets that notes the names it
   * reconciles ({@link Noted}): one replica of an operator.
   */
  static ApplicationContextRunner notingGadgets(EmbeddedApiServer server) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class,
            MaestroHealthContributorAutoConfiguration.class))
        .withBean(KubernetesConnectionDetails.class, () -> server::config)
        .withUserConfiguration(NotingGadgets.class);
  }

  /**
   * Fast attempts; a Lease of a minute given up after half a minute without renewal, so that only a release hands it
   * over within a test's wait, and a busy machine never makes the leader lose it.
   */
  private ApplicationContextRunner elected(String namespace, String identity) {
    return runner.withPropertyValues("maestro.namespaces=" + namespace, "maestro.leader-election.enabled=true",
        "maestro.leader-election.lease-namespace=" + namespace, "maestro.leader-election.identity=" + identity,
        "maestro.leader-election.lease-duration=60s", "maestro.leader-election.renew-deadline=30s",
        "maestro.leader-election.retry-period=200ms");
  }

  @Test
  void withoutThePropertyThereIsNoElectionAndControllersReconcileAtOnce() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(LeaderElection.class);
      assertThat(context.getBean(ControllerRegistry.class).controllers()).allMatch(Controller::isReconciling);
    });
  }

  @Test
  void leaseIsNamedAfterTheApplicationInTheClientsNamespaceByDefault() {
    runner.withPropertyValues("maestro.leader-election.enabled=true", "spring.application.name=Gadget Operator")
        .run(context -> {
          LeaderElection election = context.getBean(LeaderElection.class);
          String clientNamespace = context.getBean(KubernetesClient.class).getNamespace();
          assertThat(election.lease()).isEqualTo((clientNamespace == null ? "default" : clientNamespace)
              + "/gadget-operator-leader");
          assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
          assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
          assertThat(election.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
          assertThat(election.identity()).contains("_");
        });
    assertThat(MaestroAutoConfiguration.leaseNameFor("")).isEqualTo("maestro-leader");
    assertThat(MaestroAutoConfiguration.leaseNameFor("-Shop_Orders.")).isEqualTo("shop-orders-leader");
    assertThat(MaestroAutoConfiguration.leaseNameFor("my..app-.x")).isEqualTo("my.app.x-leader");
  }

  @Test
  void leaderReconcilesReportsItInHealthAndReleasesTheLeaseWhenItsContextCloses() {
    String namespace = "elected-" + counter.incrementAndGet();
    KubernetesClient client = server.client();
    elected(namespace, "replica-a").run(context -> {
      assertThat(context).hasNotFailed();
      LeaderElection election = context.getBean(LeaderElection.class);
      await().atMost(Duration.ofSeconds(10)).until(election::isLeader);
      client.resource(Gadget.of(namespace, "g1")).create();

      await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Noted.class).names.contains("g1"));
      Health health = gadgetsHealth(context);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("reconciling", true);
      assertThat(health.getDetails().get("leaderElection")).isEqualTo(Map.of("lease", namespace + "/maestro-leader",
          "identity", "replica-a", "leading", true, "leader", "replica-a"));
    });
    Lease lease = client.leases().inNamespace(namespace).withName("maestro-leader").get();
    assertThat(lease.getSpec().getHolderIdentity()).as("holder after the context closed").isEmpty();
  }

  @Test
  void twoReplicasReconcileOneAtATimeAndTheStandbyTakesOverWhenTheLeaderStops() {
    String namespace = "replicas-" + counter.incrementAndGet();
    KubernetesClient client = server.client();
    client.resource(Gadget.of(namespace, "before")).create();
    elected(namespace, "replica-a").run(a -> elected(namespace, "replica-b").run(standby -> {
      // replica-a started first: it leads once its context has started (after replica-b's start, at the latest)
      assertThat(a).hasNotFailed();
      assertThat(standby).hasNotFailed();
      Noted byA = a.getBean(Noted.class);
      Noted byB = standby.getBean(Noted.class);
      LeaderElection electionB = standby.getBean(LeaderElection.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> byA.names.contains("before"));
      assertThat(a.getBean(LeaderElection.class).isLeader()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> electionB.leader().filter("replica-a"::equals).isPresent());

      // standing by: healthy and warm, but reconciling nothing
      Health standbyHealth = gadgetsHealth(standby);
      assertThat(standbyHealth.getStatus()).isEqualTo(Status.UP);
      assertThat(standbyHealth.getDetails()).containsEntry("reconciling", false).containsEntry("synced", true);
      assertThat(byB.names).isEmpty();

      a.close();

      await().atMost(Duration.ofSeconds(10)).until(electionB::isLeader);
      client.resource(Gadget.of(namespace, "after")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> byB.names.containsAll(Set.of("before", "after")));
      assertThat(byA.names).doesNotContain("after");
    }));
  }

  @Test
  void durationsThatCannotWorkTogetherFailTheStartUpNamingTheProperty() {
    ApplicationContextRunner enabled = runner.withPropertyValues("maestro.leader-election.enabled=true");
    enabled.withPropertyValues("maestro.leader-election.lease-duration=5s").run(context ->
        assertRejected(context, "maestro.leader-election.renew-deadline", "must be longer than the renew deadline"));
    enabled.withPropertyValues("maestro.leader-election.lease-duration=15500ms").run(context ->
        assertRejected(context, "maestro.leader-election.renew-deadline", "must be whole seconds"));
    enabled.withPropertyValues("maestro.leader-election.retry-period=0s").run(context ->
        assertRejected(context, "maestro.leader-election.retry-period", "must be positive"));
    enabled.withPropertyValues("maestro.leader-election.lease-name=Operator_Lease").run(context ->
        assertRejected(context, "maestro.leader-election.lease-name", "'Operator_Lease' is not a valid Lease name"));
    enabled.withPropertyValues("maestro.leader-election.lease-namespace=Ops").run(context ->
        assertRejected(context, "maestro.leader-election.lease-namespace", "'Ops' is not a valid namespace"));
  }

  @Test
  void settingsOfADisabledElectionAreNotChecked() {
    runner.withPropertyValues("maestro.leader-election.lease-duration=5s").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(LeaderElection.class));
  }

  private static void assertRejected(AssertableApplicationContext context, String name, String reason) {
    MaestroAutoConfigurationTests.assertBindingRejected(context, name, reason);
  }

  static Health gadgetsHealth(org.springframework.context.ApplicationContext context) {
    CompositeHealthContributor maestro = context.getBean("maestroHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) maestro.getContributor("gadgets")).health();
  }

  /** The names of the gadgets this replica reconciled. */
  static final class Noted {
    final Set<String> names = ConcurrentHashMap.newKeySet();
  }

  @Configuration(proxyBeanMethods = false)
  static class NotingGadgets {
    @Bean
    Noted noted() {
      return new Noted();
    }

    @Bean
    GadgetController gadgetParent() {
      return new GadgetController();
    }

    @Bean
    NoteStep note(Noted noted) {
      return new NoteStep(noted);
    }
  }

  @ParentReconciler(Gadget.class)
  static class GadgetController {}

  @SubReconciler
  static final class NoteStep implements Step<Gadget> {
    private final Noted noted;

    NoteStep(Noted noted) {
      this.noted = noted;
    }

    @Override
    public Result reconcile(ReconcileContext<Gadget> context, Gadget parent) {
      noted.names.add(parent.getMetadata().getName());
      return Result.done();
    }
  }
}
