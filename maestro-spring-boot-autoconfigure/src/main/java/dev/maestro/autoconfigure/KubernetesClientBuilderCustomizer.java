package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Adjusts the auto-configured fabric8 client before it is built. Beans of this type are applied in {@code @Order};
 * they are ignored when the application defines its own client. For the HTTP client (interceptors, timeouts) use a
 * {@link KubernetesHttpClientBuilderCustomizer}: fabric8 keeps a single HTTP client builder consumer, so setting one
 * here replaces the one that applies those.
 */
@FunctionalInterface
public interface KubernetesClientBuilderCustomizer {

  /** Adjusts the builder. */
  void customize(KubernetesClientBuilder builder);
}
