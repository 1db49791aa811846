package dev.maestro.core;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type steps throw, or convert their failures into: a machine-readable {@link #reason()} (a
 * CamelCase word, as Kubernetes condition reasons are) and a human message.
 *
 * <p>The reason and message end up in the parent's {@code Ready} condition. A retryable error (the default) is
 * retried with per-key exponential backoff; a {@link #permanent(String, String) permanent} one is reported the
 * same way but not retried: the parent is reconciled again only when it, or something it watches, changes.
 */
public class ReconcileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final boolean permanent;
  private final int tolerance;

  /** A retryable error with a reason and a message. */
  public ReconcileException(String reason, String message) {
    this(reason, message, null, false);
  }

  /** A retryable error with a reason, a message and its cause. */
  public ReconcileException(String reason, String message, @Nullable Throwable cause) {
    this(reason, message, cause, false);
  }

  protected ReconcileException(String reason, String message, @Nullable Throwable cause, boolean permanent) {
    this(reason, message, cause, permanent, 0);
  }

  private ReconcileException(String reason, String message, @Nullable Throwable cause, boolean permanent,
      int tolerance) {
    super(message, cause);
    this.reason = requireReason(reason);
    this.permanent = permanent;
    this.tolerance = tolerance;
  }

  /** An error that retrying cannot fix (an invalid spec, say): reported, not retried. */
  public static ReconcileException permanent(String reason, String message) {
    return new ReconcileException(reason, message, null, true);
  }

  /**
   * A transient error of a flapping dependency: retried as usual, but reported (Ready=False, an event) only once it
   * happened {@code attempts} times in a row for the resource; until then the status is left as it was.
   */
  public static ReconcileException transientFor(int attempts, String reason, String message) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    return new ReconcileException(reason, message, null, false, attempts);
  }

  /** How many failures in a row it takes before this error is reported; 0 or 1 means at once. */
  public int tolerance() {
    return tolerance;
  }

  /**
   * The reason any error is reported with: a {@code ReconcileException}'s own, the API server's reason for a
   * failed request, otherwise {@code ReconcileError}. Conditions, events, logs and metrics all use this.
   */
  public static String reasonOf(Throwable error) {
    if (error instanceof ReconcileException reconcile) {
      return reconcile.reason();
    }
    if (error instanceof io.fabric8.kubernetes.client.KubernetesClientException client && client.getStatus() != null
        && client.getStatus().getReason() != null && !client.getStatus().getReason().isBlank()) {
      return client.getStatus().getReason();
    }
    return dev.maestro.core.condition.Conditions.REASON_RECONCILE_ERROR;
  }

  /** The message any error is reported with: its own, or its class name when it has none. */
  public static String messageOf(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }

  /** The machine-readable reason, e.g. {@code InvalidSpec}. */
  public String reason() {
    return reason;
  }

  /** Whether retrying is pointless. */
  public boolean permanent() {
    return permanent;
  }

  private static String requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a ReconcileException needs a reason");
    }
    return reason;
  }
}
