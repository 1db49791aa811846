package dev.maestro.benchmarks.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What to run: N, how many runs (each runs every framework once, their order alternating from run to run), the
 * scenarios, the idle period, and where the modules and the results are.
 *
 * @param benchmarksDir the {@code benchmarks} directory, whose modules are built
 * @param outputDir where {@code results.json} and the processes' logs go
 * @param n Greetings per scenario
 * @param runs runs per framework and scenario; the report takes the median
 * @param namespaces how many namespaces the Greetings are spread over
 * @param idle how long the live scenario stays idle at its end
 * @param settle how long the runner waits after each convergence before it reads the counts, so that requests
 *     still in flight are counted in the phase they belong to
 * @param frameworks the operators, in the order of the first run
 * @param scenarios the scenarios run for each framework
 * @param jfr whether the operators run with a Java Flight Recorder profile written next to their logs
 * @param cds whether every operator runs with the JVM's class data sharing, from an archive a training run of its
 *     own wrote first (see {@link ClassDataSharing})
 */
public record BenchmarkOptions(Path benchmarksDir, Path outputDir, int n, int runs, int namespaces, Duration idle,
    Duration settle, List<Framework> frameworks, List<Scenario> scenarios, boolean jfr, boolean cds) {

  public BenchmarkOptions {
    Objects.requireNonNull(benchmarksDir, "benchmarksDir");
    Objects.requireNonNull(outputDir, "outputDir");
    if (n < namespaces || n % namespaces != 0) {
      throw new IllegalArgumentException("N must be a positive multiple of the " + namespaces + " namespaces: " + n);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1: " + runs);
    }
    frameworks = List.copyOf(frameworks);
    scenarios = List.copyOf(scenarios);
    if (frameworks.isEmpty() || scenarios.isEmpty()) {
      throw new IllegalArgumentException("at least one framework and one scenario");
    }
  }

  /** The defaults of the real benchmark for {@code n}: 3 runs, both frameworks and scenarios, 30 s idle. */
  public static BenchmarkOptions defaults(Path benchmarksDir, Path outputDir, int n) {
    return new BenchmarkOptions(benchmarksDir, outputDir, n, 3, 10, Duration.ofSeconds(30), Duration.ofSeconds(2),
        List.of(Framework.MAESTRO, Framework.JOSDK), List.of(Scenario.BACKLOG, Scenario.LIVE), false, false);
  }

  /**
   * Parses {@code --n 1000 --runs 3 --idle-seconds 30 --frameworks maestro,josdk --scenarios backlog,live --jfr
   * --cds}.
   */
  public static BenchmarkOptions parse(String[] args) {
    Path dir = Path.of("benchmarks");
    Path output = null;
    int n = 1000;
    int runs = 3;
    long idle = 30;
    long settleMillis = 2000;
    List<Framework> frameworks = List.of(Framework.MAESTRO, Framework.JOSDK);
    List<Scenario> scenarios = List.of(Scenario.BACKLOG, Scenario.LIVE);
    boolean jfr = false;
    boolean cds = false;
    List<String> list = new ArrayList<>(Arrays.asList(args));
    list.removeIf(String::isBlank);
    for (int i = 0; i < list.size(); i++) {
      String name = list.get(i);
      if (name.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (name.equals("--cds")) {
        cds = true;
        continue;
      }
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("Option " + name + " needs a value");
      }
      String value = list.get(++i);
      switch (name) {
        case "--benchmarks-dir" -> dir = Path.of(value);
        case "--output" -> output = Path.of(value);
        case "--n" -> n = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--idle-seconds" -> idle = Long.parseLong(value);
        case "--settle-millis" -> settleMillis = Long.parseLong(value);
        case "--frameworks" -> frameworks = Arrays.stream(value.split(",")).map(Framework::of).toList();
        case "--scenarios" -> scenarios = Arrays.stream(value.split(",")).map(Scenario::of).toList();
        default -> throw new IllegalArgumentException("Unknown option " + name + "; known: --benchmarks-dir, "
            + "--output, --n, --runs, --idle-seconds, --settle-millis, --frameworks, --scenarios, --jfr, --cds");
      }
    }
    return new BenchmarkOptions(dir.toAbsolutePath().normalize(),
        (output != null ? output : dir.resolve("target")).toAbsolutePath().normalize(), n, runs, 10,
        Duration.ofSeconds(idle), Duration.ofMillis(settleMillis), frameworks, scenarios, jfr, cds);
  }

  /** The order of the frameworks in run {@code run} (0-based): reversed every other run. */
  public List<Framework> order(int run) {
    if (run % 2 == 0) {
      return frameworks;
    }
    List<Framework> reversed = new ArrayList<>(frameworks);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  /** How long one phase may take to converge before the run fails: generous, never a measured limit. */
  public Duration convergeTimeout() {
    return Duration.ofSeconds(120 + n / 10);
  }
}
