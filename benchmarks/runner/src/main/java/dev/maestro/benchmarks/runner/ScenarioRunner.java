package dev.maestro.benchmarks.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one framework in one scenario against a fresh API server, and measures it. Every process it starts is
 * stopped before it returns, whatever happens.
 */
final class ScenarioRunner {

  private final BenchmarkOptions options;

  ScenarioRunner(BenchmarkOptions options) {
    this.options = options;
  }

  /** Runs {@code scenario} with {@code framework}; {@code run} (1-based) names the logs. */
  Measurement run(Framework framework, Scenario scenario, int run) throws TimeoutException, InterruptedException {
    Path logs = options.outputDir().resolve("logs").resolve("run-" + run + "-" + framework.id() + "-" + scenario.id());
    try (ApiServer server = ApiServer.start(options.benchmarksDir(), logs.resolve("api-server.log"));
        LoadGenerator load = new LoadGenerator(server.url(), options.namespaces())) {
      load.installCrds(options.benchmarksDir()
          .resolve("maestro-operator/target/classes/META-INF/fabric8/greetings.samples.maestro.dev-v1.yml"));
      try (ConvergenceTracker tracker = new ConvergenceTracker(load.client())) {
        return switch (scenario) {
          case BACKLOG -> backlog(framework, run, server, load, tracker, logs);
          case LIVE -> live(framework, run, server, load, tracker, logs);
        };
      }
    }
  }

  private Measurement backlog(Framework framework, int run, ApiServer server, LoadGenerator load,
      ConvergenceTracker tracker, Path logs) throws TimeoutException, InterruptedException {
    int n = options.n();
    load.createAll(n);
    for (int i = 0; i < n; i++) {
      tracker.expect(load.keyOf(i), LoadGenerator.messageOf(i));
    }
    RequestCounts before = server.counts();
    double serverCpuBefore = server.process().cpuSeconds();
    Map<Metric, @Nullable Double> metrics = new EnumMap<>(Metric.class);
    JavaProcess operator = startOperator(framework, server, logs);
    try {
      long converged = awaitConverged(tracker, operator, "backlog");
      metrics.put(Metric.CONVERGE_SECONDS, seconds(converged - operator.launchedNanos()));
      metrics.put(Metric.OPERATOR_CPU_SECONDS, operator.cpuSeconds());
      Map<String, Double> threads = operator.cpuByThreadGroup();
      metrics.put(Metric.SERVER_CPU_SECONDS, server.process().cpuSeconds() - serverCpuBefore);
      Thread.sleep(options.settle().toMillis());
      RequestCounts after = server.counts();
      RequestCounts phase = after.minus(before);
      metrics.put(Metric.WRITES_PER_RESOURCE, (double) phase.writes() / n);
      metrics.put(Metric.READS_PER_RESOURCE, (double) phase.gets() / n);
      metrics.put(Metric.LIST_REQUESTS, (double) phase.lists());
      metrics.put(Metric.PEAK_RSS_MB, operator.peakRssMb());
      metrics.put(Metric.STARTUP_TO_FIRST_RECONCILE_SECONDS,
          after.firstWriteEpochMillis() == 0 ? null
              : (after.firstWriteEpochMillis() - operator.launchedEpochMillis()) / 1000.0);
      return new Measurement(framework, Scenario.BACKLOG, run, ordered(metrics), Map.of("converge", phase), threads);
    } finally {
      stop(operator);
    }
  }

  private Measurement live(Framework framework, int run, ApiServer server, LoadGenerator load,
      ConvergenceTracker tracker, Path logs) throws TimeoutException, InterruptedException {
    int n = options.n();
    Map<Metric, @Nullable Double> metrics = new EnumMap<>(Metric.class);
    Map<String, RequestCounts> phases = new LinkedHashMap<>();
    double serverCpuBefore = server.process().cpuSeconds();
    JavaProcess operator = startOperator(framework, server, logs);
    try {
      RequestCounts start = awaitWatching(server, operator);
      metrics.put(Metric.STARTUP_TO_WATCHING_SECONDS, seconds(System.nanoTime() - operator.launchedNanos()));

      long firstCreate = System.nanoTime();
      for (int i = 0; i < n; i++) {
        tracker.expect(load.keyOf(i), LoadGenerator.messageOf(i));
        load.create(i);
      }
      long lastCreate = System.nanoTime();
      long converged = awaitConverged(tracker, operator, "live creates");
      metrics.put(Metric.CONVERGE_SECONDS, seconds(converged - firstCreate));
      metrics.put(Metric.LAG_AFTER_LAST_CREATE_SECONDS, seconds(Math.max(0, converged - lastCreate)));
      Thread.sleep(options.settle().toMillis());
      RequestCounts created = server.counts();
      RequestCounts createPhase = created.minus(start);
      phases.put("create", createPhase);

      List<Integer> changed = new ArrayList<>();
      for (int i = 0; i < n; i += 10) {
        changed.add(i);
      }
      long firstChange = System.nanoTime();
      for (int i : changed) {
        tracker.expect(load.keyOf(i), LoadGenerator.changedMessageOf(i));
        load.changeMessage(i);
      }
      long updated = awaitConverged(tracker, operator, "live updates");
      metrics.put(Metric.UPDATE_CONVERGE_SECONDS, seconds(updated - firstChange));
      Thread.sleep(options.settle().toMillis());
      RequestCounts afterUpdate = server.counts();
      RequestCounts updatePhase = afterUpdate.minus(created);
      phases.put("update", updatePhase);

      Thread.sleep(options.idle().toMillis());
      RequestCounts afterIdle = server.counts();
      RequestCounts idlePhase = afterIdle.minus(afterUpdate);
      phases.put("idle", idlePhase);

      metrics.put(Metric.WRITES_PER_RESOURCE, (double) createPhase.writes() / n);
      metrics.put(Metric.UPDATE_WRITES_PER_RESOURCE, (double) updatePhase.writes() / changed.size());
      metrics.put(Metric.READS_PER_RESOURCE, (double) createPhase.gets() / n);
      metrics.put(Metric.LIST_REQUESTS, (double) afterIdle.lists());
      metrics.put(Metric.IDLE_WRITES, (double) idlePhase.writes());
      metrics.put(Metric.IDLE_READS, (double) idlePhase.reads());
      metrics.put(Metric.OPERATOR_CPU_SECONDS, operator.cpuSeconds());
      metrics.put(Metric.SERVER_CPU_SECONDS, server.process().cpuSeconds() - serverCpuBefore);
      metrics.put(Metric.PEAK_RSS_MB, operator.peakRssMb());
      return new Measurement(framework, Scenario.LIVE, run, ordered(metrics), phases, operator.cpuByThreadGroup());
    } finally {
      stop(operator);
    }
  }

  /** Kills the operator, or stops it gracefully when it is profiled, so that it writes its recording. */
  private void stop(JavaProcess operator) {
    if (options.jfr()) {
      operator.stop(Duration.ofSeconds(30));
    } else {
      operator.kill();
    }
  }

  private JavaProcess startOperator(Framework framework, ApiServer server, Path logs) {
    List<String> jvm = new ArrayList<>(framework.systemProperties());
    if (options.jfr()) {
      jvm.add("-XX:FlightRecorderOptions:stackdepth=256");
      jvm.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,method-profiling=max,filename="
          + logs.resolve("operator.jfr"));
    }
    return JavaProcess.start(framework.id() + "-operator", options.benchmarksDir().resolve(framework.module()),
        framework.mainClass(), jvm, framework.arguments(server.url()), logs.resolve("operator.log"));
  }

  /** Waits until the operator watches Greetings and ConfigMaps; returns the counts at that moment. */
  private RequestCounts awaitWatching(ApiServer server, JavaProcess operator) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      operator.requireAlive();
      RequestCounts counts = server.counts();
      if (counts.watchesOf("greetings") > 0 && counts.watchesOf("configmaps") > 0) {
        return counts;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(operator.name() + " did not watch Greetings and ConfigMaps within 120 s:\n"
        + operator.tail(40));
  }

  private long awaitConverged(ConvergenceTracker tracker, JavaProcess operator, String phase)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + options.convergeTimeout().toNanos();
    while (true) {
      operator.requireAlive();
      try {
        return tracker.awaitAll(Duration.ofMillis(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
      } catch (TimeoutException e) {
        if (System.nanoTime() >= deadline) {
          throw new TimeoutException(operator.name() + ", " + phase + ": " + e.getMessage() + "\nEnd of its log:\n"
              + operator.tail(30));
        }
      }
    }
  }

  private static Map<Metric, @Nullable Double> ordered(Map<Metric, @Nullable Double> metrics) {
    Map<Metric, @Nullable Double> all = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      all.put(metric, metrics.get(metric));
    }
    return all;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
