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

  /** A retryable error with a reason and a message. */
  public ReconcileException(String reason, String message) {
    this(reason, message, null, false);
  }

  /** A retryable error with a reason, a message and its cause. */
  public ReconcileException(String reason, String message, @Nullable Throwable cause) {
    this(reason, message, cause, false);
  }

  protected ReconcileException(String reason, String message, @Nullable Throwable cause, boolean permanent) {
    super(message, cause);
    this.reason = requireReason(reason);
    this.permanent = permanent;
  }

  /** An error that retrying cannot fix (an invalid spec, say): reported, not retried. */
  public static ReconcileException permanent(String reason, String message) {
    return new ReconcileException(reason, message, null, true);
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
