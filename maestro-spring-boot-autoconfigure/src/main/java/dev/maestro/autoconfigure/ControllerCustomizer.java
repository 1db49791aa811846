package dev.maestro.autoconfigure;

import dev.maestro.core.runtime.ControllerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Implemented by a {@link ParentReconciler} bean to adjust its controller after Maestro applied the annotation and
 * the {@code maestro.*} properties, and before it is built (a status policy, extra caches, a clock).
 *
 * @param <P> the parent resource type
 */
@FunctionalInterface
public interface ControllerCustomizer<P extends HasMetadata> {

  /** Adjusts the builder; steps are already registered. */
  void customize(ControllerBuilder<P> builder);
}
