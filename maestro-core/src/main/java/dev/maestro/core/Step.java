package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One unit of reconcile logic run against a parent resource (a "sub reconciler").
 *
 * <p>The framework is responsible for reading the parent from the informer cache, handing each step a private
 * copy of it, running the steps in order, and writing status afterwards. A step is responsible for bringing one
 * aspect of the world in line with the parent and for being idempotent: it runs again on every change and on
 * every retry. A step may set fields of the parent's status on the copy it receives; they are written once all
 * steps ran.
 *
 * <p>An exception stops the steps that follow it. Throw {@link ReconcileException} to give the error a
 * machine-readable reason; any other exception is reported with the reason {@code ReconcileError}. Both are
 * retried with backoff unless they are {@link ReconcileException#permanent() permanent}.
 *
 * @param <P> the parent resource type
 */
@FunctionalInterface
public interface Step<P extends HasMetadata> {

  /**
   * Reconciles one aspect of the parent.
   *
   * @param context state shared by the steps of this reconcile
   * @param parent the framework's private copy of the parent; status changes made here are written afterwards
   * @return {@link Result#done()}, or a result asking for another reconcile later
   */
  Result reconcile(ReconcileContext<P> context, P parent);

  /** The name used in logs and for ordering diagnostics; the simple class name unless overridden. */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() || simple.contains("$$Lambda") ? "step" : simple;
  }
}
