package dev.maestro.core;

import dev.maestro.core.runtime.ControllerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Entry point of the programmatic API: {@code Maestro.forParent(MyResource.class)...build()}. */
public final class Maestro {

  private Maestro() {}

  /**
   * Starts building a controller for one parent resource type.
   *
   * @param type the parent's class, a fabric8 model class or a {@code CustomResource} subclass
   */
  public static <P extends HasMetadata> ControllerBuilder<P> forParent(Class<P> type) {
    return new ControllerBuilder<>(type);
  }
}
