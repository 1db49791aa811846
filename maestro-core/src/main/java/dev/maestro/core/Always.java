package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Set;

/**
 * A step that a {@link Sequence} runs even after an earlier step failed: for work that must happen whatever the
 * outcome (reporting, releasing something). The sequence still fails with the first error once its
 * {@code Always} steps ran; an error of an {@code Always} step itself is added to it as suppressed.
 *
 * @param <P> the parent type
 */
public final class Always<P extends HasMetadata> implements Step<P>, OwnsChildren, HasCleanup<P> {

  private final Step<P> step;

  Always(Step<P> step) {
    this.step = Objects.requireNonNull(step, "step");
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    return step.reconcile(context, parent);
  }

  @Override
  public boolean hasCleanup() {
    return Steps.hasCleanup(step);
  }

  @Override
  public Result cleanup(ReconcileContext<P> context, P parent) {
    return Steps.cleanup(step, context, parent);
  }

  @Override
  public Set<Class<? extends HasMetadata>> childTypes() {
    return Steps.childTypes(step);
  }

  @Override
  public String name() {
    return "Always(" + step.name() + ")";
  }
}
