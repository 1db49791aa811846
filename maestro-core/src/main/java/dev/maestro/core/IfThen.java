package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs one step or another depending on a condition of the parent and context, evaluated on every reconcile.
 * Children of both branches are watched, so a child step in a branch not taken still sees its children (and an
 * {@code else} branch that deletes them works). When the parent is deleted the cleanups of both branches run
 * ({@code else} first), whichever the condition would pick now: either may have done work in the parent's life.
 *
 * @param <P> the parent type
 */
public final class IfThen<P extends HasMetadata> implements Step<P>, OwnsChildren, HasCleanup<P> {

  private final BiPredicate<ReconcileContext<P>, P> condition;
  private final Step<P> then;
  private final @Nullable Step<P> otherwise;

  IfThen(BiPredicate<ReconcileContext<P>, P> condition, Step<P> then, @Nullable Step<P> otherwise) {
    this.condition = Objects.requireNonNull(condition, "condition");
    this.then = Objects.requireNonNull(then, "then");
    this.otherwise = otherwise;
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    if (condition.test(context, parent)) {
      return then.reconcile(context, parent);
    }
    return otherwise == null ? Result.done() : otherwise.reconcile(context, parent);
  }

  @Override
  public boolean hasCleanup() {
    return Steps.hasCleanup(then) || Steps.hasCleanup(otherwise);
  }

  @Override
  public Result cleanup(ReconcileContext<P> context, P parent) {
    return Steps.cleanup(otherwise, context, parent).merge(Steps.cleanup(then, context, parent));
  }

  @Override
  public Set<Class<? extends HasMetadata>> childTypes() {
    Set<Class<? extends HasMetadata>> types = new LinkedHashSet<>(Steps.childTypes(then));
    if (otherwise != null) {
      types.addAll(Steps.childTypes(otherwise));
    }
    return types;
  }

  @Override
  public String name() {
    return "If(" + then.name() + (otherwise == null ? "" : ", else " + otherwise.name()) + ")";
  }
}
