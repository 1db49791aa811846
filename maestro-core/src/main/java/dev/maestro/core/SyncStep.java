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
public final class SyncStep<P extends HasMetadata> implements Step<P> {

  private final String name;
  private final BiFunction<ReconcileContext<P>, P, Result> sync;

  private SyncStep(String name, BiFunction<ReconcileContext<P>, P, Result> sync) {
    this.name = Objects.requireNonNull(name, "name");
    this.sync = Objects.requireNonNull(sync, "sync");
  }

  /** A step running {@code sync}, which decides the result. */
  public static <P extends HasMetadata> SyncStep<P> of(String name, BiFunction<ReconcileContext<P>, P, Result> sync) {
    return new SyncStep<>(name, sync);
  }

  /** A step running {@code sync}, whose result is always {@link Result#done()}. */
  public static <P extends HasMetadata> SyncStep<P> action(String name, BiConsumer<ReconcileContext<P>, P> sync) {
    Objects.requireNonNull(sync, "sync");
    return new SyncStep<>(name, (context, parent) -> {
      sync.accept(context, parent);
      return Result.done();
    });
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
