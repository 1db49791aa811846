package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Implemented by steps with work to do when the parent is deleted (what owner references cannot clean up: keys in a
 * shared object, external resources). A controller with at least one such step puts its finalizer on parents
 * before any step runs, and runs the cleanups, in reverse step order, when a parent is being deleted; the
 * finalizer goes only when all succeeded.
 *
 * <p>A cleanup must be idempotent: after a crash or a failure it runs again, also for work already undone.
 *
 * @param <P> the parent type
 */
public interface HasCleanup<P extends HasMetadata> {

  /** Whether this step (or one it contains) has a cleanup. */
  boolean hasCleanup();

  /**
   * Undoes this step's work for a parent being deleted; throwing keeps the finalizer and retries with backoff, and
   * returning {@link Result#requeueAfter} (the work is not undone yet) keeps the finalizer and runs the cleanups
   * again after the delay. The finalizer goes once the cleanups return {@link Result#done()}.
   */
  Result cleanup(ReconcileContext<P> context, P parent);
}
