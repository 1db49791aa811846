package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a step written for another type against a projection of the parent (duck typing): the parent is converted
 * through JSON into {@code T}, so a step written for, say, any resource with a pod template can serve several
 * parent types. The projection is read-only: a step that changes it fails the reconcile with reason
 * {@code ProjectionMutated} (permanent: it is a programming error), since nothing would carry the change back.
 *
 * @param <P> the parent type
 * @param <T> the type the parent is projected onto
 */
public final class CastParent<P extends HasMetadata, T extends HasMetadata> implements Step<P>, OwnsChildren,
    HasCleanup<P> {

  /** The reason of the error raised when the step changed the projection. */
  public static final String REASON_MUTATED = "ProjectionMutated";

  private final Class<T> type;
  private final Step<T> step;

  CastParent(Class<T> type, Step<T> step) {
    this.type = Objects.requireNonNull(type, "type");
    this.step = Objects.requireNonNull(step, "step");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Result reconcile(ReconcileContext<P> context, P parent) {
    KubernetesSerialization json = context.client().getKubernetesSerialization();
    T projection = json.convertValue(parent, type);
    String before = json.asJson(projection);
    // the context's type parameter is nominal: it holds nothing of type P
    Result result = step.reconcile((ReconcileContext<T>) (ReconcileContext<?>) context, projection);
    if (!before.equals(json.asJson(projection))) {
      throw ReconcileException.permanent(REASON_MUTATED, step.name() + " changed its " + type.getSimpleName()
          + " projection of " + context.key() + "; a cast parent is read-only: change the parent in a step of the"
          + " parent's own type");
    }
    return result;
  }

  /** The step run on the projection. */
  Step<T> step() {
    return step;
  }

  @Override
  public boolean hasCleanup() {
    return Steps.hasCleanup(step);
  }

  /** Runs the step's cleanup on a projection of the parent, read-only as for a reconcile. */
  @Override
  @SuppressWarnings("unchecked")
  public Result cleanup(ReconcileContext<P> context, P parent) {
    T projection = context.client().getKubernetesSerialization().convertValue(parent, type);
    return Steps.cleanup(step, (ReconcileContext<T>) (ReconcileContext<?>) context, projection);
  }

  @Override
  public Set<Class<? extends HasMetadata>> childTypes() {
    return Steps.childTypes(step);
  }

  @Override
  public String name() {
    return "Cast(" + type.getSimpleName() + ", " + step.name() + ")";
  }
}
