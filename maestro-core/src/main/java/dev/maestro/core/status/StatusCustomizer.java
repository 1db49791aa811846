package dev.maestro.core.status;

import dev.maestro.core.ReconcileContext;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a controller lets users add to status handling, each optional:
 * <ul>
 *   <li>{@link #conditions}: Conductor's status-conditions handler — receives the final condition list of every
 *       reconcile, also one that failed;</li>
 *   <li>{@link #phase}: the phase, a function of the parent and the outcome;</li>
 *   <li>{@link #update}: a custom update of the parent copy's status just before it is compared and written.</li>
 * </ul>
 *
 * @param <P> the parent type
 */
public interface StatusCustomizer<P extends HasMetadata> {

  /** Sees the final conditions of a reconcile, failed or not. */
  default void conditions(ReconcileContext<P> context, P parent, ReconcileOutcome outcome) {}

  /** The phase to write, or null to leave the phase field alone. */
  default @org.jspecify.annotations.Nullable String phase(P parent, ReconcileOutcome outcome) {
    return null;
  }

  /** Changes the parent copy's status before it is written. */
  default void update(P parent, ReconcileOutcome outcome) {}
}
