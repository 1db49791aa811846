package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Set;

/**
 * What a step that wraps one other step passes on from it: its child types (so the controller watches them) and
 * its cleanup (so the controller puts its finalizer and runs it).
 *
 * @param <P> the parent type
 */
abstract class Wrapper<P extends HasMetadata> implements Step<P>, OwnsChildren, HasCleanup<P> {

  /** The wrapped step. */
  final Step<P> step;

  Wrapper(Step<P> step) {
    this.step = Objects.requireNonNull(step, "step");
  }

  @Override
  public final Set<Class<? extends HasMetadata>> childTypes() {
    return Steps.childTypes(step);
  }

  @Override
  public final boolean hasCleanup() {
    return Steps.hasCleanup(step);
  }

  /** The wrapped step's cleanup, run as it is. */
  @Override
  public final Result cleanup(ReconcileContext<P> context, P parent) {
    return Steps.cleanup(step, context, parent);
  }
}
