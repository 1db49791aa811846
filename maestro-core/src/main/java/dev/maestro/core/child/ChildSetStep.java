package dev.maestro.core.child;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a variable set of children of one type in line with the parent: creates the missing, updates the changed,
 * deletes the extra. Children are matched by {@link #identity} (their name by default); everything else works as
 * for {@link ChildStep}.
 *
 * @param <P> the parent type
 * @param <C> the child type
 */
public abstract class ChildSetStep<P extends HasMetadata, C extends HasMetadata> extends AbstractChildStep<P, C> {

  /** A child-set step writing with create and update. */
  protected ChildSetStep(Class<C> childType) {
    this(childType, ApplyMode.CREATE_UPDATE);
  }

  /** A child-set step writing as {@code applyMode} says. */
  protected ChildSetStep(Class<C> childType, ApplyMode applyMode) {
    super(childType, applyMode);
  }

  /** Every child the parent wants; an empty list deletes them all. */
  protected abstract List<C> desiredChildren(P parent, ReconcileContext<P> context);

  /**
   * What makes two children "the same child" across reconciles: the name by default. Override (with a label, say)
   * when children use {@code generateName}.
   */
  protected String identity(C child) {
    String name = child.getMetadata().getName();
    if (name == null) {
      throw new IllegalStateException(name() + ": a child without a name needs an identity(); override it");
    }
    return name;
  }

  /**
   * Reflects the outcome onto the parent's status.
   *
   * @param children the children as they are now, in the order desired; empty after an error
   * @param error the error that stopped this step ({@link #desiredChildren} included), or null
   */
  protected void reflectStatus(P parent, List<C> children, @Nullable RuntimeException error,
      ReconcileContext<P> context) {}

  @Override
  public final Result reconcile(ReconcileContext<P> context, P parent) {
    List<C> children;
    try {
      // an error of desiredChildren() stops the step as a write's does: reflectStatus hears of it either way
      List<C> desired = desiredChildren(parent, context);
      Set<String> seen = new HashSet<>();
      for (C child : desired) {
        if (!seen.add(identity(child))) {
          throw new IllegalStateException(name() + " desires two children with identity '" + identity(child) + "'");
        }
      }
      children = reconcileChildren(context, parent, desired, this::identity);
    } catch (RuntimeException e) {
      reflectStatus(parent, List.of(), e, context);
      throw e;
    }
    reflectStatus(parent, children, null, context);
    return Result.done();
  }
}
