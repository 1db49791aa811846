package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/** Combinators that build steps from steps: conditionals, error handling, time bounds, cast parents. */
public final class Steps {

  private Steps() {}

  /** Runs {@code then} when {@code condition} holds, nothing otherwise. */
  public static <P extends HasMetadata> Step<P> when(BiPredicate<ReconcileContext<P>, P> condition, Step<P> then) {
    return new IfThen<>(condition, then, null);
  }

  /** Runs {@code then} when {@code condition} holds, {@code otherwise} when it does not. */
  public static <P extends HasMetadata> Step<P> when(BiPredicate<ReconcileContext<P>, P> condition, Step<P> then,
      Step<P> otherwise) {
    return new IfThen<>(condition, then, otherwise);
  }

  /** A step a {@link Sequence} runs even after an earlier step failed. */
  public static <P extends HasMetadata> Step<P> always(Step<P> step) {
    return new Always<>(step);
  }

  /** Runs {@code step}, handing an exception it throws to {@code handler}. */
  public static <P extends HasMetadata> Step<P> tryCatch(Step<P> step, TryCatch.Handler<P> handler) {
    return new TryCatch<>(step, handler);
  }

  /** Fails with reason {@code Timeout} when {@code step} runs longer than {@code timeout}. */
  public static <P extends HasMetadata> Step<P> withTimeout(Step<P> step, Duration timeout) {
    return new Timeout<>(step, timeout);
  }

  /** Runs {@code step} against the parent projected onto {@code type}, read-only. */
  public static <P extends HasMetadata, T extends HasMetadata> Step<P> cast(Class<T> type, Step<T> step) {
    return new CastParent<>(type, step);
  }

  /** The child types {@code step} manages, if it owns children. */
  static Set<Class<? extends HasMetadata>> childTypes(Step<?> step) {
    return step instanceof OwnsChildren owner ? owner.childTypes() : Set.of();
  }

  /**
   * The steps that {@code step} runs on every reconcile as part of itself: those of a {@link Sequence}, the one
   * wrapped by {@link #always}, {@link #tryCatch}, {@link #withTimeout} or {@link #cast}; none for other steps (the
   * branches of {@link #when} run on different reconciles). For tools that inspect a controller's steps.
   */
  public static List<Step<?>> innerSteps(Step<?> step) {
    if (step instanceof Sequence<?> sequence) {
      return List.copyOf(sequence.steps());
    }
    if (step instanceof Wrapper<?> wrapper) {
      return List.of(wrapper.step);
    }
    if (step instanceof CastParent<?, ?> cast) {
      return List.of(cast.step());
    }
    return List.of();
  }

  /** Whether {@code step} has a cleanup: a wrapper has its wrapped steps' cleanups. */
  static boolean hasCleanup(@org.jspecify.annotations.Nullable Step<?> step) {
    return step instanceof HasCleanup<?> cleanup && cleanup.hasCleanup();
  }

  /** Runs the cleanup of {@code step}, when it has one. */
  @SuppressWarnings("unchecked")
  static <P extends HasMetadata> Result cleanup(@org.jspecify.annotations.Nullable Step<P> step,
      ReconcileContext<P> context, P parent) {
    return hasCleanup(step) ? ((HasCleanup<P>) step).cleanup(context, parent) : Result.done();
  }
}
