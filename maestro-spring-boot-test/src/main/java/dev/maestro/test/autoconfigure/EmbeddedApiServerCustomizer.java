package dev.maestro.test.autoconfigure;

import dev.maestro.test.EmbeddedApiServer;

/**
 * Adjusts the embedded API server of a test before it starts: seed objects, emulate garbage collection.
 *
 * <pre>{@code
 * @Bean
 * EmbeddedApiServerCustomizer garbageCollection() {
 *   return server -> server.collectGarbage(Greeting.class, ConfigMap.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EmbeddedApiServerCustomizer {

  /** Adjusts {@code server}, which has not started yet. */
  void customize(EmbeddedApiServer server);
}
