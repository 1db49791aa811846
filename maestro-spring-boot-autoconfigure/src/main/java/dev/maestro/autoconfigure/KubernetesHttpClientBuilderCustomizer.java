package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.client.http.HttpClient;

/**
 * Adjusts the HTTP client under the auto-configured fabric8 client (interceptors, timeouts, a proxy) before it is
 * built. Beans of this type are applied in {@code @Order}, all of them: prefer this to calling
 * {@code withHttpClientBuilderConsumer} from a {@link KubernetesClientBuilderCustomizer}, since fabric8 keeps only one
 * such consumer and a second call replaces the first, including the one that applies these customizers.
 */
@FunctionalInterface
public interface KubernetesHttpClientBuilderCustomizer {

  /** Adjusts the builder. */
  void customize(HttpClient.Builder builder);
}
