package dev.maestro.benchmarks.runner;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load generator: creates and changes Greetings through its own client, whose every request carries the
 * {@code X-Benchmark-Client} header, so the API server never counts them as the operator's.
 *
 * <p>Greeting {@code i} (0-based) is {@code greeting-<i>} in namespace {@code bench-<i mod namespaces>}, with
 * message {@code "Hello <i>"}; a changed one says {@code "Hello again <i>"}.
 */
final class LoadGenerator implements AutoCloseable {

  /** The header the API server recognises the load generator by (see the server's RequestCounter). */
  static final String HEADER = "X-Benchmark-Client";

  /** The Greeting resource, addressed without discovery (the embedded API server serves none). */
  static final ResourceDefinitionContext GREETINGS = new ResourceDefinitionContext.Builder()
      .withGroup("samples.maestro.dev").withVersion("v1").withKind("Greeting").withPlural("greetings")
      .withNamespaced(true).build();

  private final KubernetesClient client;
  private final int namespaces;

  LoadGenerator(String apiServerUrl, int namespaces) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServerUrl)
        .withCustomHeaders(Map.of(HEADER, "loadgen")).build();
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.namespaces = namespaces;
  }

  KubernetesClient client() {
    return client;
  }

  /** Installs the CRDs of a YAML file, such as the one the CRD generator wrote for the Greeting. */
  void installCrds(Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      for (HasMetadata item : client.load(in).items()) {
        client.apiextensions().v1().customResourceDefinitions().resource((CustomResourceDefinition) item).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the CRD " + yaml, e);
    }
  }

  String namespaceOf(int i) {
    return "bench-" + (i % namespaces);
  }

  static String nameOf(int i) {
    return "greeting-" + i;
  }

  /** The key {@code namespace/name} of Greeting {@code i}. */
  String keyOf(int i) {
    return namespaceOf(i) + "/" + nameOf(i);
  }

  static String messageOf(int i) {
    return "Hello " + i;
  }

  static String changedMessageOf(int i) {
    return "Hello again " + i;
  }

  /** Creates Greeting {@code i}; returns when the server answered. */
  void create(int i) {
    GenericKubernetesResource greeting = new GenericKubernetesResourceBuilder()
        .withApiVersion("samples.maestro.dev/v1").withKind("Greeting")
        .withNewMetadata().withName(nameOf(i)).withNamespace(namespaceOf(i)).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("message", messageOf(i))))
        .build();
    client.genericKubernetesResources(GREETINGS).inNamespace(namespaceOf(i)).resource(greeting).create();
  }

  /** Creates Greetings {@code 0..n-1} with a few threads (before the operator runs: not timed). */
  void createAll(int n) {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(pool.submit(() -> create(index)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Creating Greetings failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating Greetings", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Changes Greeting {@code i}'s message with one JSON merge patch (its generation goes up by one). */
  void changeMessage(int i) {
    client.genericKubernetesResources(GREETINGS).inNamespace(namespaceOf(i)).withName(nameOf(i))
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"message\":\"" + changedMessageOf(i) + "\"}}");
  }

  @Override
  public void close() {
    client.close();
  }
}
