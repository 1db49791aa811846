package dev.maestro.core.child;

/** How a child step writes children. */
public enum ApplyMode {

  /**
   * Create with POST, update with PUT guarded by the resourceVersion (a concurrent change answers 409 and the
   * reconcile is retried from the fresh cache). Works on every API server; the default.
   */
  CREATE_UPDATE,

  /**
   * Server-side apply with the controller's name as field manager, forcing conflicts: the API server merges the
   * desired fields and tracks their ownership. Needs a real API server (the embedded test server answers 415).
   */
  SERVER_SIDE_APPLY
}
