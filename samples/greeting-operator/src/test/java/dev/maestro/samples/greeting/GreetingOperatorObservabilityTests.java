package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.ResourceKey;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The sample's observability over real HTTP, as an operator's user sees it: health with the controller's
 * component, the {@code maestro} endpoint with the steps in {@code @Order}, the reconcile timer in
 * {@code /actuator/metrics} and {@code /actuator/prometheus}, and the endpoint's write operation reconciling the
 * key it names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({EmbeddedClusterConfiguration.class, GreetingOperatorObservabilityTests.Recording.class})
class GreetingOperatorObservabilityTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  @Autowired
  ReconcileRecorder recorder;

  @LocalServerPort
  int port;

  @TestConfiguration(proxyBeanMethods = false)
  static class Recording {
    @Bean
    ReconcileRecorder reconcileRecorder() {
      return new ReconcileRecorder();
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static DocumentContext json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonPath.parse(response.body());
  }

  private Greeting createGreeting(String name, String message) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName(name);
    greeting.getMetadata().setNamespace("default");
    greeting.getSpec().setMessage(message);
    return server.client().resource(greeting).create();
  }

  private void awaitConfigMap(String name, String message) {
    KubernetesClient client = server.client();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      ConfigMap configMap = client.configMaps().inNamespace("default").withName(name + "-greeting").get();
      assertThat(configMap).isNotNull();
      assertThat(configMap.getData()).containsEntry("message", message);
    });
  }

  @Test
  void healthShowsTheGreetingControllerUpOnceSynced() {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      DocumentContext health = json(get("/actuator/health"));
      assertThat(health.read("$.status", String.class)).isEqualTo("UP");
      assertThat(health.read("$.components.maestro.status", String.class)).isEqualTo("UP");
      assertThat(health.read("$.components.maestro.components.greetings.status", String.class)).isEqualTo("UP");
      assertThat(health.read("$.components.maestro.components.greetings.details.synced", Boolean.class)).isTrue();
      assertThat(health.read("$.components.maestro.components.greetings.details.watching", Boolean.class)).isTrue();
    });
  }

  @Test
  void maestroEndpointListsTheGreetingControllerWithItsStepsInOrder() throws Exception {
    DocumentContext maestro = json(get("/actuator/maestro"));
    List<String> beans = maestro.read("$.controllers.greetings.steps[*].bean");
    List<Integer> orders = maestro.read("$.controllers.greetings.steps[*].order");
    assertThat(beans).startsWith("validateGreeting", "greetingConfigMap")
        .isEqualTo(controllers.steps("greetings"));
    assertThat(orders).startsWith(1, 2).isSorted();
    assertThat(maestro.read("$.controllers.greetings.resource.kind", String.class)).isEqualTo("Greeting");
    List<String> informers = maestro.read("$.controllers.greetings.informers[*].kind");
    assertThat(informers).startsWith("Greeting").contains("ConfigMap");
    assertThat(maestro.read("$.controllers.greetings.running", Boolean.class)).isTrue();
  }

  @Test
  void maestroEndpointShowsOneControllerByNameAndNoOtherName() throws Exception {
    assertThat(json(get("/actuator/maestro/greetings")).read("$.name", String.class)).isEqualTo("greetings");
    assertThat(get("/actuator/maestro/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void aReconcileMovesTheReconcileTimerCount() throws Exception {
    await().atMost(TIMEOUT).until(() -> controllers.get("greetings").orElseThrow().queue().inFlight() == 0);
    double before = timerCount();

    createGreeting("timed", "tick");
    awaitConfigMap("timed", "tick");

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(timerCount()).isGreaterThan(before));
  }

  @Test
  void prometheusCarriesTheReconcileTimerWithOneCountPerReconcile() throws Exception {
    createGreeting("scraped", "hello prometheus");
    awaitConfigMap("scraped", "hello prometheus");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      HttpResponse<String> scrape = get("/actuator/prometheus");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("maestro_reconcile_seconds_count{controller=\"greetings\"",
          "maestro_kubernetes_requests_total{", "maestro_queue_depth{controller=\"greetings\"");
      assertThat(reconcileCount(scrape.body()))
          .isEqualTo(controllers.get("greetings").orElseThrow().reconcileCount());
    });
  }

  @Test
  void writeOperationReconcilesTheNamedResource() throws Exception {
    ResourceKey key = new ResourceKey("default", "poked");
    createGreeting("poked", "poke me");
    awaitConfigMap("poked", "poke me");
    await().atMost(TIMEOUT).until(() -> controllers.get("greetings").orElseThrow().queue().inFlight() == 0
        && controllers.get("greetings").orElseThrow().queue().depth() == 0);
    int before = recorder.of(key).size();

    DocumentContext queued = json(post("/actuator/maestro/greetings", "{\"namespace\":\"default\",\"name\":\"poked\"}"));
    assertThat(queued.read("$.key", String.class)).isEqualTo("default/poked");

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(recorder.of(key)).hasSizeGreaterThan(before));
  }

  @Test
  void writeOperationWithoutANamespaceIsABadRequest() throws Exception {
    assertThat(post("/actuator/maestro/greetings", "{\"name\":\"poked\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void everyReconcileRunsWithControllerKeyAndReconcileIdInTheMdc() {
    ResourceKey key = new ResourceKey("default", "logged");
    createGreeting("logged", "log me");

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(recorder.of(key)).isNotEmpty());
    assertThat(recorder.of(key)).allSatisfy(reconcile -> assertThat(reconcile.mdc())
        .containsEntry("maestro.controller", "greetings")
        .containsEntry("maestro.key", "default/logged")
        .hasEntrySatisfying("maestro.reconcileId", id -> assertThat(id).isNotBlank()));
  }

  /** The count of the greeting controller's reconcile timer, over all its results, from /actuator/metrics. */
  private double timerCount() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/actuator/metrics/maestro.reconcile?tag=controller:greetings");
    if (response.statusCode() == 404) {
      return 0; // no reconcile recorded yet
    }
    List<Double> count = json(response).read("$.measurements[?(@.statistic == 'COUNT')].value");
    return count.get(0);
  }

  private static final Pattern COUNT = Pattern.compile(
      "^maestro_reconcile_seconds_count\\{([^}]*)\\}\\s+(\\S+)$", Pattern.MULTILINE);

  /** The sum of the greeting controller's reconcile timer counts in a Prometheus scrape. */
  private static long reconcileCount(String scrape) {
    long sum = 0;
    Matcher matcher = COUNT.matcher(scrape);
    while (matcher.find()) {
      if (matcher.group(1).contains("controller=\"greetings\"")) {
        sum += (long) Double.parseDouble(matcher.group(2));
      }
    }
    return sum;
  }
}
