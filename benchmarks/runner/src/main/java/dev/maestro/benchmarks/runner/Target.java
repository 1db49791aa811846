package dev.maestro.benchmarks.runner;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A goal of issue M5 for Maestro, checked against the medians: either an absolute bound on Maestro's own figure,
 * or a bound on the ratio Maestro / JOSDK.
 *
 * @param scenario the scenario the goal is about
 * @param metric the figure
 * @param ratio true for a bound on Maestro / JOSDK, false for a bound on Maestro's figure
 * @param bound the largest value that meets the goal
 */
public record Target(Scenario scenario, Metric metric, boolean ratio, double bound) {

  /** The goals, in the order of the issue. */
  static final List<Target> ALL = List.of(
      new Target(Scenario.BACKLOG, Metric.WRITES_PER_RESOURCE, false, 2.0),
      new Target(Scenario.LIVE, Metric.WRITES_PER_RESOURCE, false, 2.0),
      new Target(Scenario.LIVE, Metric.UPDATE_WRITES_PER_RESOURCE, false, 2.0),
      new Target(Scenario.BACKLOG, Metric.READS_PER_RESOURCE, false, 0.0),
      new Target(Scenario.LIVE, Metric.READS_PER_RESOURCE, false, 0.0),
      new Target(Scenario.LIVE, Metric.IDLE_WRITES, false, 0.0),
      new Target(Scenario.LIVE, Metric.IDLE_READS, false, 0.0),
      new Target(Scenario.BACKLOG, Metric.CONVERGE_SECONDS, true, 0.8),
      new Target(Scenario.BACKLOG, Metric.OPERATOR_CPU_SECONDS, true, 0.6),
      new Target(Scenario.LIVE, Metric.OPERATOR_CPU_SECONDS, true, 0.6),
      new Target(Scenario.LIVE, Metric.UPDATE_CONVERGE_SECONDS, true, 1.0),
      new Target(Scenario.LIVE, Metric.LAG_AFTER_LAST_CREATE_SECONDS, true, 1.0),
      new Target(Scenario.BACKLOG, Metric.PEAK_RSS_MB, true, 1.0),
      new Target(Scenario.LIVE, Metric.PEAK_RSS_MB, true, 1.0),
      new Target(Scenario.BACKLOG, Metric.STARTUP_TO_FIRST_RECONCILE_SECONDS, true, 1.0));

  /** Whether {@code value} (Maestro's figure, or the ratio) meets the goal; null when it was not measured. */
  @Nullable Boolean met(@Nullable Double value) {
    return value == null ? null : value <= bound + 1e-9;
  }

  /** The goal as text: {@code "<= 0.8 x JOSDK"} or {@code "<= 2"}. */
  String describe() {
    String number = bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    return "<= " + number + (ratio ? " x JOSDK" : "");
  }
}
