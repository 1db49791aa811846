package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A step that a {@link Sequence} runs even after an earlier step failed: for work that must happen whatever the
 * outcome (reporting, releasing something). The sequence still fails with the first error once its
 * {@code Always} steps ran; an error of an {@code Always} step itself is added to it as suppressed.
 *
 * @param <P> the parent type
 */
public final class Always<P extends HasMetadata> extends Wrapper<P> {

  Always(Step<P> step) {
    super(step);
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    return step.reconcile(context, parent);
  }

  @Override
  public String name() {
    return "Always(" + step.name() + ")";
  }
}
