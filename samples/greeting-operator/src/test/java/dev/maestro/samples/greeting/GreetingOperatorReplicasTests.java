package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Two replicas of the greeting operator with {@code maestro.leader-election.enabled=true} on one embedded API
 * server: this test's application and a second one started beside it. Only the leader reconciles; when it leaves
 * the election, the standby takes over without waiting for the Lease to expire (a minute here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "maestro.leader-election.enabled=true", "maestro.leader-election.identity=first",
    "maestro.leader-election.lease-duration=60s", "maestro.leader-election.renew-deadline=30s",
    "maestro.leader-election.retry-period=200ms"})
@Import(EmbeddedClusterConfiguration.class)
@DirtiesContext
class GreetingOperatorReplicasTests {

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  LeaderElection election;

  @Autowired
  ControllerRegistry controllers;

  private ConfigurableApplicationContext secondReplica() {
    return Greetings.replica(server, java.util.Map.of(), "maestro.leader-election.enabled=true",
        "maestro.leader-election.identity=second", "maestro.leader-election.lease-duration=60s",
        "maestro.leader-election.renew-deadline=30s", "maestro.leader-election.retry-period=200ms");
  }

  private static Greeting greeting(String name) {
    return Greetings.greeting(name, "Hello from " + name);
  }

  private static ConfigMap configMap(KubernetesClient client, String greeting) {
    return client.configMaps().inNamespace("default").withName(greeting + "-greeting").get();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenItLeaves() {
    KubernetesClient client = server.client();
    await().atMost(Duration.ofSeconds(20)).until(election::isLeader);

    try (ConfigurableApplicationContext second = secondReplica()) {
      LeaderElection secondElection = second.getBean(LeaderElection.class);
      Controller<?> secondController = second.getBean(ControllerRegistry.class).get("greetings").orElseThrow();
      client.resource(greeting("while-first-leads")).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> configMap(client, "while-first-leads") != null);
      assertThat(secondElection.isLeader()).isFalse();
      assertThat(secondController.isRunning()).isTrue();
      assertThat(secondController.isReconciling()).isFalse();
      assertThat(secondController.reconcileCount()).isZero();

      // the first replica leaves the election (as on shutdown): it drains, then releases the Lease
      assertThat(election.stop(Duration.ofSeconds(10))).isTrue();

      await().atMost(Duration.ofSeconds(20)).until(secondElection::isLeader);
      client.resource(greeting("after-handover")).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> configMap(client, "after-handover") != null);
      assertThat(controllers.get("greetings").orElseThrow().isRunning()).isFalse();
      assertThat(secondController.reconcileCount()).isPositive();
    }
  }
}
