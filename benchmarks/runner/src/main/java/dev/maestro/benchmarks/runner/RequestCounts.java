package dev.maestro.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A snapshot of the API server's counts of the operator's requests, keyed {@code "<verb> <resource>"} (e.g.
 * {@code "create configmaps"}, {@code "patch greetings/status"}), with the failures among them; subtract two
 * snapshots to get a phase's requests. The load generator's requests are never in here.
 *
 * @param operator the operator's requests by kind
 * @param failures the operator's requests answered with 3xx-5xx, keyed {@code "<verb> <resource> <status>"}
 * @param loadgen the load generator's requests by kind (for plausibility checks only)
 * @param firstWriteEpochMillis when the operator's first write arrived; 0 before it
 */
public record RequestCounts(Map<String, Long> operator, Map<String, Long> failures, Map<String, Long> loadgen,
    long firstWriteEpochMillis) {

  public RequestCounts {
    operator = Map.copyOf(operator);
    failures = Map.copyOf(failures);
    loadgen = Map.copyOf(loadgen);
  }

  /** Parses the server's {@code /counts} JSON (already read into maps). */
  @SuppressWarnings("unchecked")
  static RequestCounts fromJson(Map<String, Object> json) {
    return new RequestCounts(longs((Map<String, Object>) json.get("operator")),
        longs((Map<String, Object>) json.get("operator_failures")), longs((Map<String, Object>) json.get("loadgen")),
        ((Number) json.get("first_write_epoch_ms")).longValue());
  }

  private static Map<String, Long> longs(Map<String, Object> raw) {
    Map<String, Long> result = new TreeMap<>();
    raw.forEach((key, value) -> result.put(key, ((Number) value).longValue()));
    return result;
  }

  /** The requests since {@code earlier}. */
  public RequestCounts minus(RequestCounts earlier) {
    return new RequestCounts(minus(operator, earlier.operator), minus(failures, earlier.failures),
        minus(loadgen, earlier.loadgen), firstWriteEpochMillis);
  }

  private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
    Map<String, Long> result = new TreeMap<>();
    now.forEach((key, value) -> {
      long delta = value - before.getOrDefault(key, 0L);
      if (delta != 0) {
        result.put(key, delta);
      }
    });
    return result;
  }

  /** The operator's requests of {@code kind}, e.g. {@code "create configmaps"}. */
  public long of(String kind) {
    return operator.getOrDefault(kind, 0L);
  }

  /** The operator's writes: create, update, patch, delete. */
  public long writes() {
    return sum(verb -> switch (verb) {
      case "create", "update", "patch", "delete", "deletecollection" -> true;
      default -> false;
    });
  }

  /** The operator's GETs of single objects (the reads a reconcile might do). */
  public long gets() {
    return sum(verb -> verb.equals("get"));
  }

  /** The operator's lists (an informer lists each type once when it starts, and again when it relists). */
  public long lists() {
    return sum(verb -> verb.equals("list"));
  }

  /** The operator's watch requests. */
  public long watches() {
    return sum(verb -> verb.equals("watch"));
  }

  /** The operator's reads that are not watches: gets and lists. */
  public long reads() {
    return gets() + lists();
  }

  /** The operator's watch requests on {@code resource}. */
  public long watchesOf(String resource) {
    return of("watch " + resource);
  }

  private long sum(Predicate<String> verb) {
    long total = 0;
    for (Map.Entry<String, Long> entry : operator.entrySet()) {
      if (verb.test(entry.getKey().substring(0, entry.getKey().indexOf(' ')))) {
        total += entry.getValue();
      }
    }
    return total;
  }

  /** The counts as a JSON-ready map. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("operator", new TreeMap<>(operator));
    map.put("operator_failures", new TreeMap<>(failures));
    return map;
  }
}
