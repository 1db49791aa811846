package dev.maestro.benchmarks.jmh;

import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.condition.ConditionUpdater;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The condition updater as every reconcile uses it: from the parent's conditions to the new list, with one
 * {@code Ready} update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConditionUpdaterBenchmark {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  /** What a converged Greeting of the sample has: Ready, Valid, ConfigMapReady. */
  static final List<Condition> CONVERGED = List.of(
      condition("Ready", "True", "Reconciled"),
      condition("Valid", "True", "SpecValid"),
      condition("ConfigMapReady", "True", "ConfigMapInSync"));

  /** A converged parent reconciled again: nothing changes, as in most reconciles. */
  @Benchmark
  public ConditionUpdater.Result readyUnchanged() {
    return ConditionUpdater.of(CONVERGED, false).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")
        .conditions();
  }

  /** A new parent: no conditions yet, Ready becomes True. */
  @Benchmark
  public ConditionUpdater.Result readyFirstSet() {
    return ConditionUpdater.of(List.of(), false).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")
        .conditions();
  }

  /** A failing reconcile of a converged parent: Ready flips to False, the others stay. */
  @Benchmark
  public ConditionUpdater.Result readyFlipsToFalse() {
    return ConditionUpdater.of(CONVERGED, false).withNow(NOW)
        .update("Ready", ConditionStatus.FALSE, 2L, "ConfigMapFailed", "the ConfigMap could not be written")
        .conditions();
  }

  static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("")
        .withObservedGeneration(1L).withLastTransitionTime("2026-11-23T11:00:00Z").build();
  }
}
