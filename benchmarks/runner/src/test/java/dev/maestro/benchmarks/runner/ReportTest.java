package dev.maestro.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ReportTest {

  private final BenchmarkOptions options = BenchmarkOptions.defaults(Path.of("benchmarks"), Path.of("out"), 100);

  @Test
  void aFigureIsTheMedianOfItsRuns() {
    Report report = new Report(options, List.of(
        backlog(Framework.MAESTRO, 1, 9.0), backlog(Framework.MAESTRO, 2, 3.0), backlog(Framework.MAESTRO, 3, 4.0)));

    assertThat(report.median(Framework.MAESTRO, Scenario.BACKLOG, Metric.CONVERGE_SECONDS)).isEqualTo(4.0);
  }

  @Test
  void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    Report report = new Report(options, List.of(backlog(Framework.JOSDK, 1, 2.0), backlog(Framework.JOSDK, 2, 5.0)));

    assertThat(report.median(Framework.JOSDK, Scenario.BACKLOG, Metric.CONVERGE_SECONDS)).isEqualTo(3.5);
  }

  @Test
  void ratiosAreMaestroOverJosdkAndTargetsAreCheckedAgainstThem() {
    Report report = new Report(options, List.of(backlog(Framework.MAESTRO, 1, 8.0), backlog(Framework.JOSDK, 1, 10.0)));
    Target converge = new Target(Scenario.BACKLOG, Metric.CONVERGE_SECONDS, true, 0.8);
    Target stricter = new Target(Scenario.BACKLOG, Metric.CONVERGE_SECONDS, true, 0.7);

    assertThat(report.ratio(Scenario.BACKLOG, Metric.CONVERGE_SECONDS)).isEqualTo(0.8);
    assertThat(converge.met(report.valueFor(converge))).isTrue();
    assertThat(stricter.met(report.valueFor(stricter))).isFalse();
  }

  @Test
  void aMetricAScenarioDoesNotMeasureHasNoFigureAndNoRatio() {
    Report report = new Report(options, List.of(backlog(Framework.MAESTRO, 1, 8.0), backlog(Framework.JOSDK, 1, 10.0)));

    assertThat(report.median(Framework.MAESTRO, Scenario.BACKLOG, Metric.IDLE_WRITES)).isNull();
    assertThat(report.ratio(Scenario.BACKLOG, Metric.IDLE_WRITES)).isNull();
    assertThat(report.toMap()).containsKeys("results", "ratios_maestro_over_josdk", "targets", "runs_detail");
  }

  @Test
  void resultsJsonHoldsTheMediansPerFrameworkAndScenario() {
    Report report = new Report(options, List.of(backlog(Framework.MAESTRO, 1, 1.25), backlog(Framework.JOSDK, 1, 2.5)));

    String json = Json.write(report.toMap());

    assertThat(json).contains("\"maestro\": {\n      \"backlog\": {\n        \"converge_seconds\": 1.25,");
    assertThat(json).contains("\"converge_seconds\": 0.5,");
  }

  @Test
  void theTablePrintsTheOperatorsRunOnRequestInColumnsOfTheirOwn() {
    BenchmarkOptions four = BenchmarkOptions.parse(new String[] {"--n", "100", "--frameworks",
        "maestro,maestro-core,fabric8,josdk", "--scenarios", "backlog"});
    Report report = new Report(four, List.of(backlog(Framework.MAESTRO, 1, 8.0), backlog(Framework.MAESTRO_CORE, 1,
        7.0), backlog(Framework.FABRIC8, 1, 6.0), backlog(Framework.JOSDK, 1, 10.0)));

    List<String> lines = report.table().lines().toList();

    assertThat(lines.get(1)).containsSubsequence("maestro", "josdk", "ratio", "met", "maestro-core", "fabric8");
    assertThat(lines).filteredOn(line -> line.contains("converge_seconds")).singleElement().satisfies(line ->
        assertThat(line).containsSubsequence("8.000", "10.000", "0.800", "yes", "7.000", "6.000"));
  }

  @Test
  void theTableOfAnOperatorRunAloneShowsItsFigures() {
    BenchmarkOptions alone = BenchmarkOptions.parse(new String[] {"--n", "100", "--frameworks", "fabric8",
        "--scenarios", "backlog"});

    String table = new Report(alone, List.of(backlog(Framework.FABRIC8, 1, 6.0))).table();

    assertThat(table).contains("converge_seconds").contains("6.000");
  }

  @Test
  void frameworksAlternateFromRunToRun() {
    assertThat(options.order(0)).containsExactly(Framework.MAESTRO, Framework.JOSDK);
    assertThat(options.order(1)).containsExactly(Framework.JOSDK, Framework.MAESTRO);
    assertThat(options.order(2)).containsExactly(Framework.MAESTRO, Framework.JOSDK);
  }

  @Test
  void optionsAreReadFromTheCommandLine() {
    BenchmarkOptions parsed = BenchmarkOptions.parse(new String[] {"--n", "3000", "--runs", "5", "--idle-seconds",
        "10", "--frameworks", "josdk", "--scenarios", "live", "--jfr", "--cds", ""});

    assertThat(parsed.n()).isEqualTo(3000);
    assertThat(parsed.runs()).isEqualTo(5);
    assertThat(parsed.idle().toSeconds()).isEqualTo(10);
    assertThat(parsed.frameworks()).containsExactly(Framework.JOSDK);
    assertThat(parsed.scenarios()).containsExactly(Scenario.LIVE);
    assertThat(parsed.jfr()).isTrue();
    assertThat(parsed.cds()).isTrue();
    assertThat(BenchmarkOptions.parse(new String[] {"--n", "100"}).cds()).isFalse();
  }

  private static Measurement backlog(Framework framework, int run, double converge) {
    Map<Metric, @Nullable Double> metrics = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      metrics.put(metric, null);
    }
    metrics.put(Metric.CONVERGE_SECONDS, converge);
    return new Measurement(framework, Scenario.BACKLOG, run, metrics, Map.of(), Map.of());
  }
}
