package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Adjusts the auto-configured fabric8 client before it is built (HTTP interceptors for metrics, say). Beans of
 * this type are applied in {@code @Order}; they are ignored when the application defines its own client.
 */
@FunctionalInterface
public interface KubernetesClientBuilderCustomizer {

  /** Adjusts the builder. */
  void customize(KubernetesClientBuilder builder);
}
