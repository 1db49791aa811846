package dev.maestro.test.table;

import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** What both suites are configured with, and the clients they share across cases (made at the first case). */
final class SuiteSettings<P extends HasMetadata> {

  static final Instant DEFAULT_NOW = Instant.parse("2024-01-01T00:00:00Z");
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  final Class<P> type;
  @Nullable EmbeddedApiServer server;
  String defaultNamespace = "default";
  Instant now = DEFAULT_NOW;
  Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  Consumer<ControllerBuilder<P>> controller = builder -> {};
  final List<Consumer<CaseContext>> beforeEach = new ArrayList<>();
  final List<Consumer<CaseContext>> afterEach = new ArrayList<>();

  private @Nullable KubernetesClient client;
  private @Nullable KubernetesClient admin;
  private @Nullable Canonical canonical;

  SuiteSettings(Class<P> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  EmbeddedApiServer server() {
    EmbeddedApiServer running = server;
    if (running == null) {
      throw new IllegalStateException("The suite for " + type.getSimpleName() + " has no server: call on(server), "
          + "with an EmbeddedApiServer registered as a JUnit extension");
    }
    return running.start();
  }

  /** The client of the code under test: recorded, faults apply, a short request timeout, no retries. */
  synchronized KubernetesClient client() {
    if (client == null) {
      long timeout = requestTimeout.toMillis();
      client = server().client(builder -> builder.withRequestTimeout((int) Math.min(Integer.MAX_VALUE, timeout)));
    }
    return client;
  }

  /** The harness's own client: never recorded, never failed. */
  synchronized KubernetesClient admin() {
    if (admin == null) {
      admin = server().unrecordedClient();
    }
    return admin;
  }

  synchronized Canonical canonical() {
    if (canonical == null) {
      canonical = new Canonical(client().getKubernetesSerialization());
    }
    return canonical;
  }

  /** Checks the cases' names are unique and non-blank, since reports identify cases by name. */
  static void requireUniqueNames(List<? extends AbstractTestCase<?>> cases) {
    Set<String> names = new HashSet<>();
    for (AbstractTestCase<?> testCase : cases) {
      if (!names.add(testCase.name())) {
        throw new IllegalArgumentException("Two cases are named \"" + testCase.name() + "\": names identify cases in "
            + "reports, make them unique");
      }
    }
  }
}
