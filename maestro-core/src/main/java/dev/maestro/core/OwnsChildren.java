package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;

/**
 * Implemented by steps that manage children of other types. The controller watches each of those types: its cache
 * serves the step's reads, and a change to a child enqueues the parent that controls it, so that a child edited or
 * deleted by someone else is put back.
 */
public interface OwnsChildren {

  /** The child types this step (or the steps it contains) manages. */
  Set<Class<? extends HasMetadata>> childTypes();
}
