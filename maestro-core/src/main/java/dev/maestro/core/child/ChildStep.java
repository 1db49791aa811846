package dev.maestro.core.child;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one child of the parent in line with what the parent wants: the step kind most operators are made of.
 *
 * <p>The user says what the child should be ({@link #desired}, empty for "no child"), and optionally how to
 * reflect it onto the parent's status ({@link #reflectStatus}). The framework:
 * <ul>
 *   <li>finds the existing child through the cache's index by controller owner UID (no GET, no list);</li>
 *   <li>creates it when missing, with a controller owner reference ({@code controller=true,
 *       blockOwnerDeletion=true}), so the garbage collector removes it with the parent and every change to it
 *       enqueues the parent (a child edited or deleted by someone else is put back);</li>
 *   <li>updates it only when {@link #semanticEquals} says it differs, and deletes it when nothing is desired;</li>
 *   <li>supports {@code generateName}: a desired child without a name matches the existing child the parent
 *       controls;</li>
 *   <li>never adopts an object of the desired name that the parent does not control (reason {@code NotOwned}).</li>
 * </ul>
 *
 * <p>Register the child type with the controller's builder is not needed: the controller watches every type its
 * child steps declare.
 *
 * @param <P> the parent type
 * @param <C> the child type
 */
public abstract class ChildStep<P extends HasMetadata, C extends HasMetadata> extends AbstractChildStep<P, C> {

  /** A child step writing with create and update. */
  protected ChildStep(Class<C> childType) {
    this(childType, ApplyMode.CREATE_UPDATE);
  }

  /** A child step writing as {@code applyMode} says. */
  protected ChildStep(Class<C> childType, ApplyMode applyMode) {
    super(childType, applyMode);
  }

  /**
   * The child the parent wants, or empty for none (an existing child is then deleted). Build it with fabric8's
   * builders; name it, or give it a {@code generateName}; namespace and owner reference are filled in.
   */
  protected abstract Optional<C> desired(P parent, ReconcileContext<P> context);

  /**
   * Reflects the outcome onto the parent's status (on the parent copy; it is written after all steps ran).
   *
   * @param child the child as it is now, or empty when there is none or the step failed
   * @param error the error that stopped this step ({@link #desired} included), or null
   */
  protected void reflectStatus(P parent, Optional<C> child, @Nullable RuntimeException error,
      ReconcileContext<P> context) {}

  @Override
  public final Result reconcile(ReconcileContext<P> context, P parent) {
    List<C> children;
    try {
      // an error of desired() stops the step as a write's does: reflectStatus hears of it either way
      Optional<C> desired = desired(parent, context);
      children = reconcileChildren(context, parent, desired.map(List::of).orElse(List.of()), child -> "");
    } catch (RuntimeException e) {
      reflectStatus(parent, Optional.empty(), e, context);
      throw e;
    }
    reflectStatus(parent, children.stream().findFirst(), null, context);
    return Result.done();
  }
}
