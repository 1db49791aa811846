package dev.maestro.core.condition;

/** Condition types and reasons Maestro writes itself. */
public final class Conditions {

  /** The top-level condition every Maestro controller maintains. */
  public static final String READY = "Ready";

  /** Ready=True: every step succeeded. */
  public static final String REASON_RECONCILED = "Reconciled";

  /** Ready=False after an exception that was not a {@link dev.maestro.core.ReconcileException}. */
  public static final String REASON_RECONCILE_ERROR = "ReconcileError";

  private Conditions() {}
}
