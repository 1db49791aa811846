package dev.maestro.core.status;

import org.jspecify.annotations.Nullable;

/** A status class that records the generation it describes; used instead of the field name. */
public interface HasObservedGeneration {

  /** The generation of the parent this status describes. */
  @Nullable Long getObservedGeneration();

  /** Records the generation this status describes. */
  void setObservedGeneration(@Nullable Long observedGeneration);
}
