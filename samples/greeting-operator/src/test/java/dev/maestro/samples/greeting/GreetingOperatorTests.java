package dev.maestro.samples.greeting;

import static dev.maestro.samples.greeting.Greetings.greeting;
import static dev.maestro.samples.greeting.Greetings.greetingFrom;
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
      assertThat(hello.getStatus().getPhase()).isEqualTo("Ready");
      assertThat(hello.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Valid", "True"),
              org.assertj.core.groups.Tuple.tuple("ConfigMapReady", "True"),
              org.assertj.core.groups.Tuple.tuple("Ready", "True"));
      assertThat(configMap(client, "hello")).hasValueSatisfying(cm ->
          assertThat(cm.getData()).containsEntry("message", "Hello from Maestro"));
    });
  }

  @Test
  void greetingConvergesWithOneCreateAndOneStatusWriteThenStaysQuiet() {
    KubernetesClient client = user();
    int mark = server.requests().mark();
    client.resource(greeting("frugal", "cheap")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> ready(get(client, "frugal"))
        .filter(c -> c.getStatus().equals("True")).isPresent());
    var controller = controllers.get("greetings").orElseThrow();
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0);

    var writes = server.requests().writesSince(mark).stream()
        .filter(r -> r.path().contains("/frugal") || r.path().contains("frugal-greeting")
            || r.path().endsWith("/configmaps") || r.path().contains("greeting-index"))
        .map(r -> r.method() + " " + r.path().replaceAll("\\?.*", ""))
        .toList();
    // the test's own create of the Greeting aside: the finalizer (the index has a cleanup), one child create, the
    // Greeting's key in the index, one status write
    assertThat(writes).containsExactly(
        "PATCH /apis/samples.maestro.dev/v1/namespaces/default/greetings/frugal",
        "POST /api/v1/namespaces/default/configmaps",
        "PATCH /api/v1/namespaces/default/configmaps/greeting-index",
        "PATCH /apis/samples.maestro.dev/v1/namespaces/default/greetings/frugal/status");

    int idle = server.requests().mark();
    long before = controller.reconcileCount();
    controller.enqueue(new dev.maestro.core.ResourceKey("default", "frugal"));
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > before);
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0);
    assertThat(server.requests().since(idle)).filteredOn(r -> !r.path().contains("watch=true")).isEmpty();
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
  void greetingWithoutMessageIsReportedAsInvalidAndRecoversWhenFixed() {
    KubernetesClient client = user();
    client.resource(greeting("empty", "")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Greeting empty = get(client, "empty");
      assertThat(ready(empty)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("InvalidSpec");
        assertThat(c.getMessage()).contains("spec.message");
      });
      assertThat(empty.getStatus().getObservedGeneration()).isEqualTo(1L);
      assertThat(empty.getStatus().getPhase()).isEqualTo("Failed");
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(warnings(client, "empty"))
        .singleElement().satisfies(event -> {
          assertThat(event.getReason()).isEqualTo("InvalidSpec");
          assertThat(event.getType()).isEqualTo("Warning");
        }));
    assertThat(configMap(client, "empty")).isEmpty();
    // no hot loop: a permanent error is not retried
    var controller = controllers.get("greetings").orElseThrow();
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500)).until(() ->
        controller.queue().delayed() == 0 || controller.queue().retries(new dev.maestro.core.ResourceKey("default",
            "empty")) == 0);

    Greeting fixed = get(client, "empty");
    fixed.getSpec().setMessage("now valid");
    client.resource(fixed).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(ready(get(client, "empty"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(configMap(client, "empty")).hasValueSatisfying(cm ->
          assertThat(cm.getData()).containsEntry("message", "now valid"));
    });
  }

  private static java.util.List<io.fabric8.kubernetes.api.model.Event> warnings(KubernetesClient client,
      String name) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
        .toList();
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
          assertThat(get(client, "squatter").getStatus().getConditions()).anySatisfy(step -> {
            assertThat(step.getType()).isEqualTo("ConfigMapReady");
            assertThat(step.getReason()).isEqualTo("NotOwned");
          });
          assertThat(c.getMessage()).contains("squatter-greeting", "not controlled by default/squatter");
        }));
    assertThat(configMap(client, "squatter")).hasValueSatisfying(cm ->
        assertThat(cm.getData()).containsEntry("message", "not yours"));
  }

  @Test
  void actuatorHealthIsUpAndTheControllerRuns() throws Exception {
    assertThat(controllers.get("greetings")).hasValueSatisfying(c -> assertThat(c.isRunning()).isTrue());
    assertThat(controllers.steps("greetings")).containsExactly("validateGreeting", "greetingConfigMap", "greetingIndex");

    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  private Optional<ConfigMap> index(KubernetesClient client) {
    return Optional.ofNullable(client.configMaps().inNamespace("default").withName("greeting-index").get());
  }

  @Test
  void messageFromAReferencedConfigMapFollowsItsEditsAndRecoversWhenItAppears() {
    KubernetesClient client = user();
    client.resource(greetingFrom("referrer", "messages", "hello")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ready(get(client, "referrer")))
        .hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("ReferenceNotFound");
          assertThat(c.getMessage()).contains("default/messages");
        }));

    client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("messages").endMetadata().addToData("hello", "from a ConfigMap").build())
        .create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(ready(get(client, "referrer"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(configMap(client, "referrer")).hasValueSatisfying(cm ->
          assertThat(cm.getData()).containsEntry("message", "from a ConfigMap"));
    });

    client.configMaps().inNamespace("default").withName("messages").edit(cm -> {
      cm.getData().put("hello", "edited outside");
      return cm;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configMap(client, "referrer"))
        .hasValueSatisfying(cm -> assertThat(cm.getData()).containsEntry("message", "edited outside")));
  }

  @Test
  void deletingAGreetingRemovesExactlyItsKeyFromTheIndexThenTheGreeting() {
    KubernetesClient client = user();
    client.resource(greeting("indexed", "in the index")).create();
    client.resource(greeting("neighbour", "stays")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(index(client)).hasValueSatisfying(cm ->
        assertThat(cm.getData()).containsEntry("indexed", "in the index").containsEntry("neighbour", "stays")));
    assertThat(get(client, "indexed").getMetadata().getFinalizers()).contains("samples.maestro.dev/finalizer");

    client.resources(Greeting.class).inNamespace("default").withName("indexed").delete();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get(client, "indexed")).isNull();
      assertThat(index(client)).hasValueSatisfying(cm -> assertThat(cm.getData())
          .doesNotContainKey("indexed").containsEntry("neighbour", "stays"));
    });
  }

  @Test
  void twentyGreetingsCreatedAndDeletedAtOnceLeaveTheIndexExactlyRight() {
    KubernetesClient client = user();
    for (int i = 0; i < 20; i++) {
      client.resource(greeting("crowd-" + i, "message " + i)).create();
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(index(client)).hasValueSatisfying(cm -> {
      for (int i = 0; i < 20; i++) {
        assertThat(cm.getData()).containsEntry("crowd-" + i, "message " + i);
      }
    }));
    java.util.Map<String, String> others = new java.util.HashMap<>(index(client).orElseThrow().getData());
    others.keySet().removeIf(key -> key.startsWith("crowd-"));

    for (int i = 0; i < 20; i += 2) {
      client.resources(Greeting.class).inNamespace("default").withName("crowd-" + i).delete();
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      java.util.Map<String, String> expected = new java.util.HashMap<>(others);
      for (int i = 1; i < 20; i += 2) {
        expected.put("crowd-" + i, "message " + i);
      }
      assertThat(index(client).orElseThrow().getData()).containsExactlyInAnyOrderEntriesOf(expected);
      for (int i = 0; i < 20; i += 2) {
        assertThat(get(client, "crowd-" + i)).isNull();
      }
    });
  }
}
