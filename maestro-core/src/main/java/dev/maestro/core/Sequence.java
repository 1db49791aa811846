package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * Steps run one after the other, as one step.
 *
 * <p>Each step sees what the earlier ones left in the stash and on the parent copy. An exception stops the
 * sequence and propagates: later steps do not run, since they may depend on what failed, except those wrapped in
 * {@link Steps#always(Step)}, which run anyway before the exception propagates. The results of
 * the steps that ran combine with {@link Result#merge(Result)}, so the shortest requeue wins.
 *
 * @param <P> the parent resource type
 */
public final class Sequence<P extends HasMetadata> implements Step<P>, OwnsChildren, HasCleanup<P> {

  private final String name;
  private final List<Step<P>> steps;

  private Sequence(String name, List<Step<P>> steps) {
    this.name = Objects.requireNonNull(name, "name");
    this.steps = List.copyOf(steps);
  }

  /** A sequence of {@code steps}, in the order given. */
  @SafeVarargs
  public static <P extends HasMetadata> Sequence<P> of(Step<P>... steps) {
    return new Sequence<>("Sequence", List.of(steps));
  }

  /** A named sequence of {@code steps}, in the order given. */
  public static <P extends HasMetadata> Sequence<P> of(String name, List<? extends Step<P>> steps) {
    return new Sequence<>(name, List.copyOf(steps));
  }

  /** The steps, in order. */
  public List<Step<P>> steps() {
    return steps;
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    Result result = Result.done();
    RuntimeException failure = null;
    for (Step<P> step : steps) {
      if (failure != null && !(step instanceof Always<P>)) {
        continue;
      }
      context.log().debug("running step {}", step.name());
      try {
        result = result.merge(Objects.requireNonNull(step.reconcile(context, parent),
            () -> "step " + step.name() + " returned null; return Result.done() instead"));
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public boolean hasCleanup() {
    return steps.stream().anyMatch(Steps::hasCleanup);
  }

  /** Runs the cleanups of the steps in reverse order; the first failure stops the rest and propagates. */
  @Override
  public Result cleanup(ReconcileContext<P> context, P parent) {
    Result result = Result.done();
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (Steps.hasCleanup(steps.get(i))) {
        context.log().debug("cleaning up step {}", steps.get(i).name());
        result = result.merge(Steps.cleanup(steps.get(i), context, parent));
      }
    }
    return result;
  }

  @Override
  public java.util.Set<Class<? extends HasMetadata>> childTypes() {
    java.util.Set<Class<? extends HasMetadata>> types = new java.util.LinkedHashSet<>();
    for (Step<P> step : steps) {
      if (step instanceof OwnsChildren owner) {
        types.addAll(owner.childTypes());
      }
    }
    return types;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + steps;
  }
}
