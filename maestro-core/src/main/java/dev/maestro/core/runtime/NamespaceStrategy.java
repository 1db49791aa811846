package dev.maestro.core.runtime;

/**
 * How a controller treats namespaces beyond the ones it watches (Kuberator's namespace caching strategies). In
 * every strategy a parent in a namespace the controller does not watch is never reconciled.
 */
public enum NamespaceStrategy {

  /** Only the configured namespaces are cached; a step reading another namespace from a cache gets an error. */
  STRICT,

  /** The configured namespaces are cached; reads of other namespaces go to the API server, uncached. */
  ADHOC,

  /**
   * Like {@link #STRICT}, and namespaces can be added and removed while the controller runs
   * ({@link Controller#addNamespace(String)}, {@link Controller#removeNamespace(String)}, or a namespace label
   * selector), starting and stopping their informers.
   */
  EXTENDABLE
}
