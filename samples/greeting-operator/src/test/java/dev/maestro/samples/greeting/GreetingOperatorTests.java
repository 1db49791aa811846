package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The sample end to end: the real application on the embedded API server, driven from outside through a separate
 * client, as a user would with kubectl. Relies on the embedded server's status subresource and on the harness's
 * emulated owner-reference garbage collection for the delete case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EmbeddedClusterConfiguration.class)
class GreetingOperatorTests {

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  @LocalServerPort
  int port;

  private KubernetesClient user() {
    return server.client();
  }

  private static Greeting greeting(String name, String message) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName(name);
    greeting.getMetadata().setNamespace("default");
    greeting.getSpec().setMessage(message);
    return greeting;
  }

  private Optional<ConfigMap> configMap(KubernetesClient client, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace("default").withName(name + "-greeting").get());
  }

  private static Optional<Condition> ready(Greeting greeting) {
    if (greeting == null || greeting.getStatus() == null) {
      return Optional.empty();
    }
    return greeting.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
  }

  private Greeting get(KubernetesClient client, String name) {
    return client.resources(Greeting.class).inNamespace("default").withName(name).get();
  }

  @Test
  void demoGreetingIsReconciledAtStartUp() {
    KubernetesClient client = user();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Greeting hello = get(client, "hello");
      assertThat(ready(hello)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(hello.getStatus().getObservedGeneration()).isEqualTo(1L);
      assertThat(configMap(client, "hello")).hasValueSatisfying(cm ->
          assertThat(cm.getData()).containsEntry("message", "Hello from Maestro"));
    });
  }

  @Test
  void configMapFollowsTheGreetingThroughCreateUpdateAndDelete() {
    KubernetesClient client = user();
    Greeting created = client.resource(greeting("lifecycle", "first")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(configMap(client, "lifecycle")).hasValueSatisfying(cm -> {
        assertThat(cm.getData()).containsEntry("message", "first");
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
          assertThat(owner.getKind()).isEqualTo("Greeting");
          assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
          assertThat(owner.getController()).isTrue();
        });
      });
      assertThat(ready(get(client, "lifecycle"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });

    Greeting changed = get(client, "lifecycle");
    changed.getSpec().setMessage("second");
    client.resource(changed).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(configMap(client, "lifecycle")).hasValueSatisfying(cm ->
          assertThat(cm.getData()).containsEntry("message", "second"));
      assertThat(get(client, "lifecycle").getStatus().getObservedGeneration()).isEqualTo(2L);
    });

    client.resources(Greeting.class).inNamespace("default").withName("lifecycle").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get(client, "lifecycle")).isNull();
      assertThat(configMap(client, "lifecycle")).isEmpty();
    });
  }

  @Test
  void configMapEditedOrDeletedBySomeoneElseIsRestored() {
    KubernetesClient client = user();
    client.resource(greeting("restore", "keep me")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap(client, "restore").isPresent());

    ConfigMap tampered = configMap(client, "restore").orElseThrow();
    tampered.getData().put("message", "tampered");
    client.resource(tampered).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configMap(client, "restore"))
        .hasValueSatisfying(cm -> assertThat(cm.getData()).containsEntry("message", "keep me")));

    client.configMaps().inNamespace("default").withName("restore-greeting").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configMap(client, "restore"))
        .hasValueSatisfying(cm -> assertThat(cm.getData()).containsEntry("message", "keep me")));
  }

  @Test
  void greetingWithoutMessageIsReportedAsInvalid() {
    KubernetesClient client = user();
    client.resource(greeting("empty", "")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(ready(get(client, "empty"))).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("InvalidSpec");
          assertThat(c.getMessage()).contains("spec.message");
        }));
    assertThat(configMap(client, "empty")).isEmpty();
  }

  @Test
  void configMapOwnedBySomeoneElseIsLeftAloneAndReported() {
    KubernetesClient client = user();
    client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("squatter-greeting").endMetadata()
        .addToData("message", "not yours").build()).create();
    client.resource(greeting("squatter", "mine")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(ready(get(client, "squatter"))).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("NotOwned");
          assertThat(c.getMessage()).contains("squatter-greeting", "not controlled by default/squatter");
        }));
    assertThat(configMap(client, "squatter")).hasValueSatisfying(cm ->
        assertThat(cm.getData()).containsEntry("message", "not yours"));
  }

  @Test
  void actuatorHealthIsUpAndTheControllerRuns() throws Exception {
    assertThat(controllers.get("greetings")).hasValueSatisfying(c -> assertThat(c.isRunning()).isTrue());
    assertThat(controllers.steps("greetings")).containsExactly("validateGreeting", "greetingConfigMap");

    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }
}
