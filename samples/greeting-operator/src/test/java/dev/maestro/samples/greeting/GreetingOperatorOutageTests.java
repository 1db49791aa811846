package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample losing its API server and getting it back: the operator talks to the embedded server through a TCP
 * proxy, which the test stops (every connection closed, new ones refused) and starts again on the same port. The
 * test's own client talks to the server directly, so it can change Greetings while the operator is cut off.
 *
 * <p>The operator's client reconnects watches after 200 ms instead of fabric8's default second (doubling up to
 * 32 times that), only so the test does not wait for fabric8's backoff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "maestro.health.watch-grace-period=" + GreetingOperatorOutageTests.GRACE_SECONDS + "s")
@Import({EmbeddedClusterConfiguration.class, GreetingOperatorOutageTests.ThroughProxy.class})
@DirtiesContext
class GreetingOperatorOutageTests {

  static final int GRACE_SECONDS = 2;

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  TcpProxy proxy;

  @LocalServerPort
  int port;

  /** The operator's connection goes through a proxy the test can cut. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ThroughProxy {

    @Bean(destroyMethod = "close")
    TcpProxy apiServerProxy(EmbeddedApiServer server) {
      return TcpProxy.to(server.port()).start();
    }

    @Bean
    @Primary
    KubernetesConnectionDetails proxiedConnection(EmbeddedApiServer server, TcpProxy proxy) {
      return () -> new ConfigBuilder(server.config())
          .withMasterUrl("http://127.0.0.1:" + proxy.port() + "/")
          .withWatchReconnectInterval(200)
          .build();
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String greetingsStatus() throws IOException, InterruptedException {
    return JsonPath.read(get("/actuator/health").body(), "$.components.maestro.components.greetings.status");
  }

  private Greeting greeting(String name, String message) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName(name);
    greeting.getMetadata().setNamespace("default");
    greeting.getSpec().setMessage(message);
    return greeting;
  }

  private static String message(KubernetesClient client, String name) {
    ConfigMap configMap = client.configMaps().inNamespace("default").withName(name + "-greeting").get();
    return configMap == null ? null : configMap.getData().get("message");
  }

  @Test
  void healthGoesDownWhenTheApiServerIsGoneAndUpWhenItReturnsAndNothingChangedMeanwhileIsLost() throws Exception {
    KubernetesClient user = server.client();
    user.resource(greeting("steady", "before")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> "before".equals(message(user, "steady")));
    await().atMost(Duration.ofSeconds(20)).until(() -> greetingsStatus().equals("UP"));

    proxy.stop();
    long stopped = System.nanoTime();

    // DOWN once the watches have been gone for longer than the grace period, and the readiness probe with it
    await().atMost(Duration.ofSeconds(GRACE_SECONDS + 15)).pollInterval(Duration.ofMillis(100))
        .until(() -> greetingsStatus().equals("DOWN"));
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThan(Duration.ofSeconds(GRACE_SECONDS));
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);

    // changes the operator cannot see while it is cut off
    Greeting steady = user.resources(Greeting.class).inNamespace("default").withName("steady").get();
    steady.getSpec().setMessage("changed during the outage");
    user.resource(steady).update();
    user.resource(greeting("newcomer", "created during the outage")).create();

    proxy.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> greetingsStatus().equals("UP"));
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(message(user, "steady")).isEqualTo("changed during the outage");
      assertThat(message(user, "newcomer")).isEqualTo("created during the outage");
      Greeting converged = user.resources(Greeting.class).inNamespace("default").withName("steady").get();
      assertThat(converged.getStatus().getObservedGeneration()).isEqualTo(2L);
    });
  }
}
