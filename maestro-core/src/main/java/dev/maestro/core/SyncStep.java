package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * A step made of custom logic: the general-purpose step kind for anything that is not an owned child.
 *
 * <p>The user supplies the logic and its name; the framework supplies the parent copy and the context. The logic
 * must be idempotent, and must read what it needs from the context's caches rather than the API server, so that
 * a reconcile of a converged parent costs nothing.
 *
 * @param <P> the parent resource type
 */
public final class SyncStep<P extends HasMetadata> implements Step<P>, HasCleanup<P> {

  private final String name;
  private final BiFunction<ReconcileContext<P>, P, Result> sync;
  private final @org.jspecify.annotations.Nullable BiFunction<ReconcileContext<P>, P, Result> cleanup;

  private SyncStep(String name, BiFunction<ReconcileContext<P>, P, Result> sync,
      @org.jspecify.annotations.Nullable BiFunction<ReconcileContext<P>, P, Result> cleanup) {
    this.name = Objects.requireNonNull(name, "name");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.cleanup = cleanup;
  }

  /**
   * The same step with a cleanup run when the parent is deleted (the controller then puts its finalizer on
   * parents). The cleanup must be idempotent.
   */
  public SyncStep<P> withCleanup(BiConsumer<ReconcileContext<P>, P> cleanup) {
    Objects.requireNonNull(cleanup, "cleanup");
    return new SyncStep<>(name, sync, (context, parent) -> {
      cleanup.accept(context, parent);
      return Result.done();
    });
  }

  @Override
  public boolean hasCleanup() {
    return cleanup != null;
  }

  @Override
  public Result cleanup(ReconcileContext<P> context, P parent) {
    return cleanup == null ? Result.done() : cleanup.apply(context, parent);
  }

  /** A step running {@code sync}, which decides the result. */
  public static <P extends HasMetadata> SyncStep<P> of(String name, BiFunction<ReconcileContext<P>, P, Result> sync) {
    return new SyncStep<>(name, sync, null);
  }

  /** A step running {@code sync}, whose result is always {@link Result#done()}. */
  public static <P extends HasMetadata> SyncStep<P> action(String name, BiConsumer<ReconcileContext<P>, P> sync) {
    Objects.requireNonNull(sync, "sync");
    return new SyncStep<>(name, (context, parent) -> {
      sync.accept(context, parent);
      return Result.done();
    }, null);
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    return sync.apply(context, parent);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "SyncStep[" + name + "]";
  }
}
