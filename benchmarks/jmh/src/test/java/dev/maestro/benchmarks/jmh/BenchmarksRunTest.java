package dev.maestro.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The microbenchmarks work: each computes what it claims, and JMH finds and runs every one of them (one short
 * in-process iteration each; the scores are not checked, they mean nothing on a shared CI machine).
 */
class BenchmarksRunTest {

  @Test
  void theWorkQueueHandsBackTheKeyThatWasAdded() throws InterruptedException {
    WorkQueueBenchmark benchmark = new WorkQueueBenchmark();
    benchmark.setUp();
    try {
      assertThat(benchmark.addThenDispatch().name()).isEqualTo("greeting-0");
      assertThat(benchmark.backlogAddThenDispatch()).isEqualTo(WorkQueueBenchmark.BATCH);
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void theConditionUpdaterSeesAChangeOnlyWhereThereIsOne() {
    ConditionUpdaterBenchmark benchmark = new ConditionUpdaterBenchmark();
    assertThat(benchmark.readyUnchanged().changed()).isFalse();
    assertThat(benchmark.readyFirstSet().changed()).isTrue();
    assertThat(benchmark.readyFlipsToFalse().changed()).isTrue();
  }

  @Test
  void theStatusOfANewParentDiffersAndTheStatusOfAConvergedOneDoesNot() {
    StatusPatchBenchmark benchmark = new StatusPatchBenchmark();
    benchmark.setUp();
    try {
      assertThat(benchmark.desiredAndDiffOfANewParent()).containsKeys("observedGeneration", "conditions");
      assertThat(benchmark.desiredAndDiffOfAConvergedParent()).isEmpty();
      assertThat(benchmark.conditionsOf()).hasSize(1);
      assertThat(benchmark.mergePatchDiff()).isNotEmpty();
      assertThat(benchmark.statusPatchOfANewParent()).extracting(op -> op.get("path"))
          .containsExactly("/metadata/resourceVersion", "/status");
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void jmhFindsAndRunsEveryBenchmark() throws Exception {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include("dev\\.maestro\\.benchmarks\\.jmh\\..*")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(20))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build()).run();

    assertThat(results).hasSize(11);
    Map<String, Double> scores = new java.util.TreeMap<>();
    results.forEach(result -> scores.put(result.getParams().getBenchmark(), result.getPrimaryResult().getScore()));
    assertThat(scores.values()).allSatisfy(score -> assertThat(score).isPositive());
  }
}
