package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Runs a step and hands an exception it throws to a handler, which may recover (return a result) or rethrow
 * (the same or another exception). A handler that recovers should usually record what happened in a condition, so
 * the failure does not go unseen. The guarded step's cleanup runs unguarded: a cleanup that fails keeps the
 * finalizer, whatever the handler would have made of a reconcile's error.
 *
 * @param <P> the parent type
 */
public final class TryCatch<P extends HasMetadata> extends Wrapper<P> {

  /** Decides what an exception of the guarded step means. */
  @FunctionalInterface
  public interface Handler<P extends HasMetadata> {

    /** The result to continue with, or an exception to throw. */
    Result handle(ReconcileContext<P> context, P parent, RuntimeException error);
  }

  private final Handler<P> handler;

  TryCatch(Step<P> step, Handler<P> handler) {
    super(step);
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    try {
      return step.reconcile(context, parent);
    } catch (RuntimeException e) {
      context.log().debug("{} failed; handing the error to its handler", step.name(), e);
      return handler.handle(context, parent, e);
    }
  }

  @Override
  public String name() {
    return "Try(" + step.name() + ")";
  }
}
