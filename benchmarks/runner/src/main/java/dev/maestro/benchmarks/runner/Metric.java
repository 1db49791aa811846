package dev.maestro.benchmarks.runner;

import java.util.Locale;

/**
 * The figures of {@code results.json}, per framework and scenario. Lower is better for every one of them.
 */
public enum Metric {

  /** Backlog: JVM launch until all converged. Live: first create until all converged. */
  CONVERGE_SECONDS,
  /** Live: first spec change until the changed 10 % converged again. */
  UPDATE_CONVERGE_SECONDS,
  /** Live: from the answer to the last create until all converged. */
  LAG_AFTER_LAST_CREATE_SECONDS,
  /** The operator's writes (create, update, patch, delete) per Greeting until converged (the creates, in live). */
  WRITES_PER_RESOURCE,
  /** Live: the operator's writes per changed Greeting in the update phase. */
  UPDATE_WRITES_PER_RESOURCE,
  /** The operator's GETs of single objects per Greeting, in the same phase as the writes. */
  READS_PER_RESOURCE,
  /** The operator's lists over the whole scenario (its informers' initial lists, and relists). */
  LIST_REQUESTS,
  /** Live: the operator's writes during the idle period. */
  IDLE_WRITES,
  /** Live: the operator's gets and lists during the idle period (watches excepted). */
  IDLE_READS,
  /** The operator JVM's user + system CPU: backlog until converged, live until the end of the idle period. */
  OPERATOR_CPU_SECONDS,
  /** The API server JVM's CPU over the same span, for context (it shares the two cores). */
  SERVER_CPU_SECONDS,
  /** The operator JVM's peak resident set (VmHWM) at the end of the scenario. */
  PEAK_RSS_MB,
  /** Backlog: JVM launch until the operator's first write reaches the API server. */
  STARTUP_TO_FIRST_RECONCILE_SECONDS,
  /** Live: JVM launch until the operator watches both Greetings and ConfigMaps. */
  STARTUP_TO_WATCHING_SECONDS;

  /** The name in results.json: {@code converge_seconds}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
