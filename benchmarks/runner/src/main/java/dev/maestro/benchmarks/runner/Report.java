package dev.maestro.benchmarks.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The medians of all runs per framework, scenario and metric, the ratios Maestro / JOSDK, and the targets
 * checked against them; as {@code results.json} and as a table.
 */
public final class Report {

  private final BenchmarkOptions options;
  private final List<Measurement> measurements;

  Report(BenchmarkOptions options, List<Measurement> measurements) {
    this.options = options;
    this.measurements = List.copyOf(measurements);
  }

  /** Every single measurement, in the order taken. */
  public List<Measurement> measurements() {
    return measurements;
  }

  /** The median of {@code metric} over the runs of {@code framework} in {@code scenario}; null if never measured. */
  public @Nullable Double median(Framework framework, Scenario scenario, Metric metric) {
    List<Double> values = new ArrayList<>();
    for (Measurement measurement : measurements) {
      Double value = measurement.framework() == framework && measurement.scenario() == scenario
          ? measurement.get(metric) : null;
      if (value != null) {
        values.add(value);
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    values.sort(Double::compare);
    int middle = values.size() / 2;
    return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
  }

  /** Maestro's median over JOSDK's; null when either is missing or JOSDK's is zero. */
  public @Nullable Double ratio(Scenario scenario, Metric metric) {
    Double ours = median(Framework.MAESTRO, scenario, metric);
    Double theirs = median(Framework.JOSDK, scenario, metric);
    if (ours == null || theirs == null || theirs == 0) {
      return null;
    }
    return ours / theirs;
  }

  /** The value a target is checked against: the ratio, or Maestro's median. */
  public @Nullable Double valueFor(Target target) {
    return target.ratio() ? ratio(target.scenario(), target.metric())
        : median(Framework.MAESTRO, target.scenario(), target.metric());
  }

  /** results.json's content. */
  public Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("n", options.n());
    root.put("runs", options.runs());
    root.put("namespaces", options.namespaces());
    root.put("idle_seconds", options.idle().toSeconds());
    root.put("statistic", "median of the runs; frameworks alternate in order from run to run");
    root.put("machine", machine());
    root.put("settings", settings());
    Map<String, Object> results = new LinkedHashMap<>();
    for (Framework framework : options.frameworks()) {
      Map<String, Object> byScenario = new LinkedHashMap<>();
      for (Scenario scenario : options.scenarios()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
          values.put(metric.id(), median(framework, scenario, metric));
        }
        byScenario.put(scenario.id(), values);
      }
      results.put(framework.id(), byScenario);
    }
    root.put("results", results);
    if (options.frameworks().contains(Framework.MAESTRO) && options.frameworks().contains(Framework.JOSDK)) {
      Map<String, Object> ratios = new LinkedHashMap<>();
      for (Scenario scenario : options.scenarios()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
          values.put(metric.id(), ratio(scenario, metric));
        }
        ratios.put(scenario.id(), values);
      }
      root.put("ratios_maestro_over_josdk", ratios);
    }
    List<Object> targets = new ArrayList<>();
    for (Target target : Target.ALL) {
      if (!options.scenarios().contains(target.scenario())) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("scenario", target.scenario().id());
      entry.put("metric", target.metric().id());
      entry.put("goal", target.describe());
      Double value = valueFor(target);
      entry.put(target.ratio() ? "ratio" : "maestro", value);
      entry.put("met", target.met(value));
      targets.add(entry);
    }
    root.put("targets", targets);
    List<Object> raw = new ArrayList<>();
    for (Measurement measurement : measurements) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("run", measurement.run());
      entry.put("framework", measurement.framework().id());
      entry.put("scenario", measurement.scenario().id());
      Map<String, Object> values = new LinkedHashMap<>();
      measurement.metrics().forEach((metric, value) -> values.put(metric.id(), value));
      entry.put("metrics", values);
      Map<String, Object> requests = new LinkedHashMap<>();
      measurement.requests().forEach((phase, counts) -> requests.put(phase, counts.toMap()));
      entry.put("requests", requests);
      Map<String, Object> threads = new LinkedHashMap<>();
      measurement.operatorThreads().entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(group -> threads.put(group.getKey(), group.getValue()));
      entry.put("operator_cpu_seconds_by_thread", threads);
      raw.add(entry);
    }
    root.put("runs_detail", raw);
    return root;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("processors", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return machine;
  }

  private Map<String, Object> settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("api_server", "fabric8 kubernetes-server-mock 8.0.0 in CRUD mode, own JVM, loopback");
    settings.put("maestro", "Maestro starter, defaults (4 workers, merge/JSON patch status writes, default status "
        + "policy) except withEvents(false) through a ControllerCustomizer; fabric8 8.0.0; Spring Boot 4.1.2; "
        + "logback at INFO (Spring Boot default)");
    settings.put("josdk", "Java Operator SDK 5.2.3, defaults except withUseSSAToPatchPrimaryResource(false), "
        + "which the embedded API server needs (it answers server-side apply with 415); managed workflow with a "
        + "CRUDKubernetesDependentResource<ConfigMap>; UpdateControl.patchStatus; fabric8 7.5.2; logback at INFO");
    if (options.frameworks().contains(Framework.MAESTRO_CORE)) {
      settings.put("maestro-core", "the same controller on maestro-core alone, in a plain main; same options");
    }
    if (options.frameworks().contains(Framework.FABRIC8)) {
      settings.put("fabric8", "no framework: fabric8 8.0.0 informers, a work queue, 4 workers, the same two writes; "
          + "events needing no reconcile dropped before the queue; logback at INFO");
    }
    settings.put("jvm", options.cds()
        ? "same java for every process; each operator with class data sharing from an archive its own training run "
            + "wrote (" + String.join(" ", ClassDataSharing.ofRunningJvm().use(Path.of("<archive>"))) + "), started "
            + "from its jar; no other JVM options"
        : "same java for every process, no JVM options (JVM defaults)");
    return settings;
  }

  /** The medians, ratios and targets as a plain-text table. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "N = %d, %d run(s) each, median; ratio = Maestro / JOSDK%s%n", options.n(),
        options.runs(), options.cds() ? "; every operator with class data sharing" : ""));
    // the operators run on request (maestro-core, fabric8) get a column each after the compared two
    List<Framework> others = options.frameworks().stream()
        .filter(f -> f != Framework.MAESTRO && f != Framework.JOSDK).toList();
    String format = "%-8s %-36s %12s %12s %8s  %-18s %-3s" + "%14s".repeat(others.size()) + "%n";
    List<Object> header = new ArrayList<>(List.of("scenario", "metric", "maestro", "josdk", "ratio", "target", "met"));
    others.forEach(f -> header.add(f.id()));
    out.append(String.format(Locale.ROOT, format, header.toArray()));
    for (Scenario scenario : options.scenarios()) {
      for (Metric metric : Metric.values()) {
        Double ours = median(Framework.MAESTRO, scenario, metric);
        Double theirs = median(Framework.JOSDK, scenario, metric);
        List<@Nullable Double> more = others.stream().map(f -> median(f, scenario, metric)).toList();
        if (ours == null && theirs == null && more.stream().allMatch(java.util.Objects::isNull)) {
          continue;
        }
        Target target = Target.ALL.stream().filter(t -> t.scenario() == scenario && t.metric() == metric)
            .findFirst().orElse(null);
        Boolean met = target == null ? null : target.met(valueFor(target));
        List<Object> row = new ArrayList<>(List.of(scenario.id(), metric.id(), number(ours), number(theirs),
            number(ratio(scenario, metric)), target == null ? "" : target.describe(),
            met == null ? "" : met ? "yes" : "NO"));
        more.forEach(value -> row.add(number(value)));
        out.append(String.format(Locale.ROOT, format, row.toArray()));
      }
    }
    return out.toString();
  }

  private static String number(@Nullable Double value) {
    if (value == null) {
      return "-";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
  }
}
