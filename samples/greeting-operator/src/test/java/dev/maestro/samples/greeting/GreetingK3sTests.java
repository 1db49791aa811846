package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.test.autoconfigure.ReconcilerTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The greeting operator's reconcilers on a real cluster: the same {@link ReconcilerTest} slice, with a K3s
 * container as the cluster ({@code @ServiceConnection} replaces the embedded API server). Real garbage collection,
 * real admission: what the embedded server cannot show. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@ReconcilerTest
@Import(GreetingK3sTests.GreetingCrd.class)
class GreetingK3sTests {

  @Container
  @ServiceConnection
  static final K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.32.2-k3s1"));

  /** Where the build's CRD generator writes the Greeting CRD. */
  static final Path CRD = Path.of("target/classes/META-INF/fabric8/greetings.samples.maestro.dev-v1.yml");

  @Autowired
  KubernetesClient client;

  @Test
  void greetingIsReconciledThroughCreateUpdateAndDelete() {
    client.resource(Greetings.greeting("k3s", "Hello from K3s")).create();
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
        assertThat(configMap()).isNotNull().extracting(ConfigMap::getData)
            .extracting(data -> data.get("message")).isEqualTo("Hello from K3s"));

    Greeting greeting = client.resources(Greeting.class).inNamespace("default").withName("k3s").get();
    greeting.getSpec().setMessage("Changed on K3s");
    client.resource(greeting).update();
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
        assertThat(configMap().getData()).containsEntry("message", "Changed on K3s"));

    client.resources(Greeting.class).inNamespace("default").withName("k3s").delete();
    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      assertThat(client.resources(Greeting.class).inNamespace("default").withName("k3s").get()).isNull();
      assertThat(configMap()).isNull();
    });
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace("default").withName("k3s-greeting").get();
  }

  /**
   * Applies the generated Greeting CRD to the cluster and waits until it is established: a bean, so that it runs
   * before the controllers start and list Greetings.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class GreetingCrd {

    @Bean
    InitializingBean greetingCrdApplied(KubernetesClient client) {
      return () -> {
        try (InputStream yaml = Files.newInputStream(CRD)) {
          for (HasMetadata item : client.load(yaml).items()) {
            CustomResourceDefinition crd = (CustomResourceDefinition) item;
            client.resource(crd).forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(applied -> applied != null && applied.getStatus() != null
                    && applied.getStatus().getConditions().stream().anyMatch(condition ->
                        condition.getType().equals("Established") && condition.getStatus().equals("True")),
                    1, TimeUnit.MINUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("No CRD at " + CRD.toAbsolutePath() + ": run the build first", e);
        }
      };
    }
  }
}
