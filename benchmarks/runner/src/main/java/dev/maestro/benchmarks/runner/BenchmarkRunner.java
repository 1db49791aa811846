package dev.maestro.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs the benchmark: for each run, every framework (in alternating order) in every scenario, each against a fresh
 * API server; then writes {@code results.json} to the output directory and prints the table.
 *
 * <pre>
 * java -cp ... dev.maestro.benchmarks.runner.BenchmarkRunner --benchmarks-dir benchmarks --output benchmarks/target \
 *     --n 1000 --runs 3 [--idle-seconds 30] [--frameworks maestro,josdk] [--scenarios backlog,live] [--jfr] [--cds]
 * </pre>
 *
 * <p>With {@code --cds}, each operator first runs once, unmeasured, to write its class data sharing archive, and
 * every measured run of it starts with that archive (see {@link ClassDataSharing}).
 */
public final class BenchmarkRunner {

  private final BenchmarkOptions options;

  public BenchmarkRunner(BenchmarkOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    Report report = new BenchmarkRunner(options).run();
    System.out.println();
    System.out.print(report.table());
    System.out.println("Wrote " + options.outputDir().resolve("results.json"));
  }

  /** Runs everything and writes results.json. */
  public Report run() throws IOException, InterruptedException, TimeoutException {
    Files.createDirectories(options.outputDir());
    ScenarioRunner scenarios = new ScenarioRunner(options);
    if (options.cds()) {
      for (Framework framework : options.frameworks()) {
        long start = System.nanoTime();
        scenarios.train(framework);
        System.out.printf("trained %-7s for class data sharing in %.1f s%n", framework.id(),
            (System.nanoTime() - start) / 1e9);
      }
    }
    List<Measurement> measurements = new ArrayList<>();
    for (int run = 0; run < options.runs(); run++) {
      for (Framework framework : options.order(run)) {
        for (Scenario scenario : options.scenarios()) {
          long start = System.nanoTime();
          Measurement measurement = scenarios.run(framework, scenario, run + 1);
          measurements.add(measurement);
          System.out.printf("run %d/%d %-7s %-7s %5.1f s: converge %.2f s, writes/resource %.2f, cpu %.1f s, "
              + "rss %.0f MB%n", run + 1, options.runs(), framework.id(), scenario.id(),
              (System.nanoTime() - start) / 1e9, orZero(measurement.get(Metric.CONVERGE_SECONDS)),
              orZero(measurement.get(Metric.WRITES_PER_RESOURCE)), orZero(measurement.get(Metric.OPERATOR_CPU_SECONDS)),
              orZero(measurement.get(Metric.PEAK_RSS_MB)));
        }
      }
    }
    Report report = new Report(options, measurements);
    Path results = options.outputDir().resolve("results.json");
    Files.writeString(results, Json.write(report.toMap()));
    return report;
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }
}
