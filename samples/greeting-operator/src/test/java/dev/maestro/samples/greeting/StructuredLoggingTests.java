package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.maestro.test.EmbeddedApiServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The lines a reconcile logs carry the controller, the resource key and the reconcile id, and Boot's structured
 * logging ({@code logging.structured.format.console=ecs}) writes them as fields of the JSON line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "logging.config=classpath:logback-structured.xml", "logging.structured.format.console=ecs"})
@Import(EmbeddedClusterConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class StructuredLoggingTests {

  @Autowired
  EmbeddedApiServer server;

  /**
   * Boot initializes logging once per JVM until the application that did closes; contexts of other test classes,
   * cached and still open, would keep their console format. Releasing it here, as a closing application would, lets
   * this class's application apply the structured console.
   */
  @BeforeAll
  static void releaseTheLoggingSystemOfEarlierTests() {
    LoggingSystem.get(StructuredLoggingTests.class.getClassLoader()).cleanUp();
  }

  @Test
  void lineLoggedInsideAReconcileCarriesControllerKeyAndReconcileIdAsFields(CapturedOutput output) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName("structured");
    greeting.getMetadata().setNamespace("default");
    greeting.getSpec().setMessage("in JSON");
    server.client().resource(greeting).create();

    DocumentContext line = await().atMost(Duration.ofSeconds(20))
        .until(() -> jsonLine(output.getOut(), "Created ConfigMap default/structured-greeting"), Optional::isPresent)
        .orElseThrow();

    // ECS nests the dotted MDC keys: {"maestro": {"controller": ..., "key": ..., "reconcileId": ...}}
    assertThat(line.read("$.message", String.class)).isEqualTo("Created ConfigMap default/structured-greeting");
    assertThat(line.read("$.maestro.controller", String.class)).isEqualTo("greetings");
    assertThat(line.read("$.maestro.key", String.class)).isEqualTo("default/structured");
    assertThat(line.read("$.maestro.reconcileId", String.class)).isNotBlank();
  }

  /** The first JSON line of {@code output} whose message contains {@code text}. */
  private static Optional<DocumentContext> jsonLine(String output, String text) {
    return output.lines()
        .filter(line -> line.startsWith("{") && line.contains(text))
        .findFirst()
        .map(JsonPath::parse);
  }
}
