package dev.maestro.core.status;

import org.jspecify.annotations.Nullable;

/**
 * A status class with top-level reason and message of the last reconcile (Kuberator's status errors): set from the
 * error when a reconcile fails, cleared when it succeeds; used instead of the field names.
 */
public interface HasStatusError {

  /** Sets the machine-readable reason, or clears it with null. */
  void setReason(@Nullable String reason);

  /** Sets the human message, or clears it with null. */
  void setMessage(@Nullable String message);
}
