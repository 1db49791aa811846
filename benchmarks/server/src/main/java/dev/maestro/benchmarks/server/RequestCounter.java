package dev.maestro.benchmarks.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the API server served, by {@link RequestKind}, separately for the operator under test and
 * for the load generator (whose requests carry {@link #LOADGEN_HEADER}). Also remembers when the operator's first
 * write arrived, which is how the runner tells when the operator's first reconcile happened without instrumenting
 * either framework.
 *
 * <p>Counts only grow; the runner takes snapshots and subtracts them, so reading never races with a reset.
 */
public final class RequestCounter {

  /** Requests with this header come from the load generator and are counted apart from the operator's. */
  public static final String LOADGEN_HEADER = "X-Benchmark-Client";

  private final Map<String, LongAdder> operator = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> loadgen = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> operatorFailures = new ConcurrentHashMap<>();
  private final AtomicLong firstWriteMillis = new AtomicLong();
  private final AtomicLong lastWriteMillis = new AtomicLong();

  /** Counts one request. */
  public void count(String method, String pathAndQuery, boolean fromLoadGenerator) {
    RequestKind kind = RequestKind.of(method, pathAndQuery);
    (fromLoadGenerator ? loadgen : operator).computeIfAbsent(kind.toString(), key -> new LongAdder()).increment();
    if (!fromLoadGenerator && kind.isWrite()) {
      long now = System.currentTimeMillis();
      firstWriteMillis.compareAndSet(0, now);
      lastWriteMillis.accumulateAndGet(now, Math::max);
    }
  }

  /** Counts an answer of the operator's request that was not a success (neither 1xx nor 2xx), by kind and status. */
  public void failed(String method, String pathAndQuery, boolean fromLoadGenerator, int status) {
    if (!fromLoadGenerator && status >= 300) {
      operatorFailures.computeIfAbsent(RequestKind.of(method, pathAndQuery) + " " + status, key -> new LongAdder())
          .increment();
    }
  }

  /**
   * The counts as JSON: {@code {"operator":{"create configmaps":20,...},"loadgen":{...},
   * "operator_failures":{"patch greetings/status 409":1},"first_write_epoch_ms":...,...}}.
   */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\"operator\":");
    appendCounts(json, operator);
    json.append(",\"loadgen\":");
    appendCounts(json, loadgen);
    json.append(",\"operator_failures\":");
    appendCounts(json, operatorFailures);
    json.append(",\"first_write_epoch_ms\":").append(firstWriteMillis.get());
    json.append(",\"last_write_epoch_ms\":").append(lastWriteMillis.get());
    json.append(",\"now_epoch_ms\":").append(System.currentTimeMillis());
    return json.append('}').toString();
  }

  private static void appendCounts(StringBuilder json, Map<String, LongAdder> counts) {
    json.append('{');
    boolean first = true;
    for (Map.Entry<String, LongAdder> entry : new TreeMap<>(counts).entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      // keys are "<verb> <plural>[/<subresource>]": letters, digits, dots, dashes, slashes, '<', '>' and a space
      json.append('"').append(entry.getKey()).append("\":").append(entry.getValue().sum());
    }
    json.append('}');
  }
}
