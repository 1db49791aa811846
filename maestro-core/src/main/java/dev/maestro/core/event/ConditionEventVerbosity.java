package dev.maestro.core.event;

/** How many events a change of conditions produces. */
public enum ConditionEventVerbosity {
  /** No events for condition changes. */
  NONE,
  /** One event per added, removed or status-changed condition, with its old and new status. */
  PER_CHANGE,
  /**
   * At most one event per resulting status (True, False, Unknown), listing the conditions that got it, plus one
   * listing the removed ones.
   */
  PER_NEW_STATUS,
  /** One event listing every changed condition, if any changed. */
  IF_CHANGED
}
