package dev.maestro.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run, N = 20, one run each: Maestro's operator through the live scenario (creates, a spec change,
 * a one-second idle period) and JOSDK's through the backlog scenario, so that both operators and both scenarios go
 * through the whole harness in about half the time of all four framework-scenario pairs; then the operator without
 * a framework (the baseline of the work on fabric8 8) and Maestro with class data sharing through the backlog. It
 * checks that the harness works end to end and that the counts are plausible; it never checks a time, nor the
 * issue's targets (the real benchmark reports those).
 */
class BenchmarkSmokeTest {

  private static final int N = 20;

  private final Path benchmarks = Path.of(System.getProperty("benchmarks.dir", "..")).toAbsolutePath().normalize();
  private final Path output = Path.of(System.getProperty("benchmarks.output", "target/smoke")).toAbsolutePath()
      .normalize();

  @Test
  void maestroConvergesTwentyLiveGreetingsAndItsRequestsAreCountedPlausibly() throws Exception {
    Report report = run(Framework.MAESTRO, Scenario.LIVE);

    Measurement run = report.measurements().get(0);
    RequestCounts create = run.requests().get("create");
    assertConvergedPlausibly(run, create);
    // the load generator's creates reached the server, and none of them counts as the operator's
    assertThat(create.loadgen().get("create greetings")).as("load generator's Greeting creates").isEqualTo(N);
    assertThat(create.of("create greetings")).as("Greeting creates counted as the operator's").isZero();
    RequestCounts update = run.requests().get("update");
    assertThat(update.of("update configmaps") + update.of("patch configmaps"))
        .as("ConfigMap writes for the 10 % changed").isEqualTo(N / 10);
    assertThat(run.get(Metric.UPDATE_CONVERGE_SECONDS)).as("update converge time").isPositive();
    assertThat(run.get(Metric.IDLE_WRITES)).as("idle writes").isZero();
    assertThat(run.get(Metric.STARTUP_TO_WATCHING_SECONDS)).as("start-up until watching").isPositive();
  }

  @Test
  void josdkConvergesATwentyGreetingBacklogAndItsRequestsAreCountedPlausibly() throws Exception {
    Report report = run(Framework.JOSDK, Scenario.BACKLOG);

    Measurement run = report.measurements().get(0);
    RequestCounts converge = run.requests().get("converge");
    assertConvergedPlausibly(run, converge);
    // the load generator watched too, before the operator started: only the operator's one watch counts
    assertThat(converge.watchesOf("greetings")).as("Greeting watches").isEqualTo(1);
    assertThat(run.get(Metric.STARTUP_TO_FIRST_RECONCILE_SECONDS)).as("start-up until the first reconcile")
        .isPositive().isLessThan(run.get(Metric.CONVERGE_SECONDS));
  }

  @Test
  void theOperatorWithoutAFrameworkConvergesABacklogWithTheSameRequests() throws Exception {
    Report report = run(Framework.FABRIC8, Scenario.BACKLOG);

    Measurement run = report.measurements().get(0);
    assertConvergedPlausibly(run, run.requests().get("converge"));
    assertThat(run.get(Metric.WRITES_PER_RESOURCE)).as("writes per Greeting").isEqualTo(2.0);
    assertThat(run.get(Metric.READS_PER_RESOURCE)).as("reads per Greeting").isZero();
    assertThat(report.toMap().get("settings").toString()).contains("no framework");
  }

  @Test
  void withClassDataSharingAnOperatorTrainsFirstThenStartsFromItsArchive() throws Exception {
    Report report = run(Framework.MAESTRO, Scenario.BACKLOG, true);

    Path out = output.resolve("maestro-backlog-cds");
    Path archive = ClassDataSharing.ofRunningJvm().archive(out, Framework.MAESTRO);
    assertThat(archive).as("the training run's archive").isNotEmptyFile();
    // the measured run started with -Xshare:on / -XX:AOTMode=on, which refuses to start without the archive
    Measurement run = report.measurements().get(0);
    assertConvergedPlausibly(run, run.requests().get("converge"));
    assertThat(out.resolve("logs/run-1-maestro-backlog/operator.log")).content()
        .as("started from the module's jar").contains("maestro-benchmarks-maestro-operator-");
    assertThat(report.toMap().get("settings").toString()).contains("class data sharing");
  }

  private Report run(Framework framework, Scenario scenario) throws Exception {
    return run(framework, scenario, false);
  }

  private Report run(Framework framework, Scenario scenario, boolean cds) throws Exception {
    Path out = output.resolve(framework.id() + "-" + scenario.id() + (cds ? "-cds" : ""));
    Report report = new BenchmarkRunner(new BenchmarkOptions(benchmarks, out, N, 1, 10, Duration.ofSeconds(1),
        Duration.ofMillis(500), List.of(framework), List.of(scenario), false, cds)).run();
    assertThat(out.resolve("results.json")).exists();
    assertThat(report.measurements()).hasSize(1);
    return report;
  }

  private static void assertConvergedPlausibly(Measurement run, RequestCounts converge) {
    // every Greeting got its ConfigMap, created exactly once, and its status written
    assertThat(converge.of("create configmaps")).as("ConfigMap creates").isEqualTo(N);
    assertThat(converge.of("patch greetings/status") + converge.of("update greetings/status"))
        .as("status writes").isBetween((long) N, 2L * N);
    assertThat(converge.failures()).as("failed requests").isEmpty();
    assertThat(run.get(Metric.WRITES_PER_RESOURCE)).as("writes per Greeting").isBetween(2.0, 3.0);
    assertThat(run.get(Metric.READS_PER_RESOURCE)).as("reads per Greeting").isBetween(0.0, 2.0);
    // one list per informer (Greetings, ConfigMaps): the load generator's own lists are not counted
    assertThat(run.get(Metric.LIST_REQUESTS)).as("lists").isEqualTo(2.0);
    assertThat(run.get(Metric.CONVERGE_SECONDS)).as("converge time").isPositive();
    assertThat(run.get(Metric.OPERATOR_CPU_SECONDS)).as("operator CPU").isPositive();
    assertThat(run.get(Metric.PEAK_RSS_MB)).as("peak RSS").isBetween(20.0, 4096.0);
  }
}
