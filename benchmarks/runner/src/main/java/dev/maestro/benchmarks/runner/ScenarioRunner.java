package dev.maestro.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
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

  /** Greetings of a training run: enough to load every class the operator uses while it reconciles. */
  static final int TRAINING_N = 100;

  private final BenchmarkOptions options;
  private final ClassDataSharing sharing = ClassDataSharing.ofRunningJvm();
  /** The JVM options with which each trained framework uses its archive. */
  private final Map<Framework, List<String>> archives = new EnumMap<>(Framework.class);

  ScenarioRunner(BenchmarkOptions options) {
    this.options = options;
  }

  /**
   * Writes the class data sharing archive of {@code framework}: its operator reconciles a backlog of
   * {@link #TRAINING_N} Greetings (N if fewer) with the training options, then stops gracefully, and its JVM writes the archive as
   * it exits. Not measured. Later runs of the framework start with the archive.
   *
   * @throws IllegalStateException when the operator wrote no archive
   */
  void train(Framework framework) throws TimeoutException, InterruptedException, IOException {
    Path logs = options.outputDir().resolve("logs").resolve("training-" + framework.id());
    Path archive = sharing.archive(options.outputDir(), framework);
    Files.createDirectories(archive.getParent());
    Files.deleteIfExists(archive);
    try (ApiServer server = ApiServer.start(options.benchmarksDir(), logs.resolve("api-server.log"));
        LoadGenerator load = new LoadGenerator(server.url(), options.namespaces())) {
      installCrds(load);
      try (ConvergenceTracker tracker = new ConvergenceTracker(load.client())) {
        createBacklog(load, tracker, Math.min(TRAINING_N, options.n()));
        JavaProcess operator = launch(framework, server, logs, sharing.training(archive));
        try {
          awaitConverged(tracker, operator, "training");
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
          operator.kill();
          throw e;
        }
        // the archive is written as the JVM exits (on JDK 25, by a second JVM it forks): give it time
        if (!operator.stop(Duration.ofSeconds(180))) {
          Files.deleteIfExists(archive);
          throw new IllegalStateException(framework.id() + "'s training run did not exit within 180 s of SIGTERM,"
              + " so its archive may be incomplete; see " + logs.resolve("operator.log"));
        }
      }
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(framework.id() + "'s training run wrote no archive " + archive + "; see "
          + logs.resolve("operator.log") + " and " + archive + ".log");
    }
    archives.put(framework, sharing.use(archive));
  }

  /** Runs {@code scenario} with {@code framework}; {@code run} (1-based) names the logs. */
  Measurement run(Framework framework, Scenario scenario, int run) throws TimeoutException, InterruptedException {
    Path logs = options.outputDir().resolve("logs").resolve("run-" + run + "-" + framework.id() + "-" + scenario.id());
    try (ApiServer server = ApiServer.start(options.benchmarksDir(), logs.resolve("api-server.log"));
        LoadGenerator load = new LoadGenerator(server.url(), options.namespaces())) {
      installCrds(load);
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
    createBacklog(load, tracker, n);
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

  /** Creates {@code n} Greetings before any operator runs, and expects each to converge. */
  private static void createBacklog(LoadGenerator load, ConvergenceTracker tracker, int n) {
    load.createAll(n);
    for (int i = 0; i < n; i++) {
      tracker.expect(load.keyOf(i), LoadGenerator.messageOf(i));
    }
  }

  private void installCrds(LoadGenerator load) {
    load.installCrds(options.benchmarksDir()
        .resolve("maestro-operator/target/classes/META-INF/fabric8/greetings.samples.maestro.dev-v1.yml"));
  }

  private JavaProcess startOperator(Framework framework, ApiServer server, Path logs) {
    List<String> jvm = new ArrayList<>();
    if (options.cds()) {
      List<String> archive = archives.get(framework);
      if (archive == null) {
        throw new IllegalStateException("--cds: " + framework.id() + " has not been trained");
      }
      jvm.addAll(archive);
    }
    if (options.jfr()) {
      jvm.add("-XX:FlightRecorderOptions:stackdepth=256");
      jvm.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,method-profiling=max,filename="
          + logs.resolve("operator.jfr"));
    }
    return launch(framework, server, logs, jvm);
  }

  private JavaProcess launch(Framework framework, ApiServer server, Path logs, List<String> jvmOptions) {
    List<String> jvm = new ArrayList<>(framework.systemProperties());
    jvm.addAll(jvmOptions);
    return JavaProcess.start(framework.id() + "-operator", options.benchmarksDir().resolve(framework.module()),
        options.cds(), framework.mainClass(), jvm, framework.arguments(server.url()), logs.resolve("operator.log"));
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
