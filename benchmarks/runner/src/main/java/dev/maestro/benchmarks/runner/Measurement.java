package dev.maestro.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one run of one framework in one scenario measured: the metrics of the results (null where a metric does
 * not apply to the scenario), and the request counts of each phase for the record.
 *
 * @param framework the operator
 * @param scenario the scenario
 * @param run the run's number, 1-based
 * @param metrics metric name to value, in the order of {@link Metric}
 * @param requests phase name to the operator's requests in that phase
 * @param operatorThreads the operator's CPU seconds by thread group when its CPU was read (where it goes: JIT
 *     compilers, garbage collector, informers, workers)
 */
public record Measurement(Framework framework, Scenario scenario, int run, Map<Metric, @Nullable Double> metrics,
    Map<String, RequestCounts> requests, Map<String, Double> operatorThreads) {

  public Measurement {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    requests = Map.copyOf(requests);
    operatorThreads = Map.copyOf(operatorThreads);
  }

  /** The value of {@code metric}, or null when the scenario does not measure it. */
  public @Nullable Double get(Metric metric) {
    return metrics.get(metric);
  }
}
