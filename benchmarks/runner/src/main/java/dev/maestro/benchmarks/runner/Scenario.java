package dev.maestro.benchmarks.runner;

import java.util.Locale;

/** The two workloads, each over N Greetings spread over ten namespaces. */
public enum Scenario {

  /**
   * The Greetings exist before the operator starts; measured from the operator's JVM launch until every one has
   * converged: the operator's own throughput, start-up included.
   */
  BACKLOG,

  /**
   * The operator runs while the Greetings are created one after another; measured until all converged and the lag
   * after the last create. Then 10 % get a new {@code spec.message}, measured again; then 30 s of idleness.
   */
  LIVE;

  /** The name in results and on the command line: {@code backlog}, {@code live}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scenario named {@code id}. */
  static Scenario of(String id) {
    for (Scenario scenario : values()) {
      if (scenario.id().equals(id.trim())) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("Unknown scenario '" + id + "': use backlog or live");
  }
}
