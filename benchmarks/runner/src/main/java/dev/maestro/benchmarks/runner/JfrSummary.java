package dev.maestro.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled operator's Java threads spent their CPU: the execution samples of a Java Flight Recorder file
 * (written by the runner's {@code --jfr}), by method on top of the stack (self) and by method anywhere on the stack
 * (inclusive), the latter limited to frameworks' and libraries' own packages. JIT compiler and GC threads are not
 * sampled; the runner's {@code operator_cpu_seconds_by_thread} shows those.
 *
 * <pre>java -cp ... dev.maestro.benchmarks.runner.JfrSummary operator.jfr [--top N] [--thread name-prefix]
 *     [package-prefix...]</pre>
 *
 * {@code --thread} keeps the samples of threads whose name starts so; the package prefixes limit the inclusive list
 * (by default: the frameworks', fabric8's, Jackson's, Spring's, logback's, Vert.x's and Netty's packages).
 */
public final class JfrSummary {

  private static final List<String> INCLUSIVE_PREFIXES = List.of("dev.maestro.", "io.javaoperatorsdk.",
      "io.fabric8.", "tools.jackson.", "com.fasterxml.jackson.", "org.springframework.", "ch.qos.logback.",
      "io.vertx.", "io.netty.");

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: JfrSummary <recording.jfr> [--top N] [--thread name-prefix] "
          + "[package-prefix...]");
    }
    int top = 25;
    String threadPrefix = "";
    List<String> prefixes = new java.util.ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--thread" -> threadPrefix = args[++i];
        default -> prefixes.add(args[i]);
      }
    }
    if (prefixes.isEmpty()) {
      prefixes = INCLUSIVE_PREFIXES;
    }
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
      if (thread == null || !thread.startsWith(threadPrefix)) {
        continue;
      }
      samples++;
      threads.merge(thread.replaceAll("[-#_ ]*[0-9]*$", ""), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(method(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = method(frame);
        if (prefixes.stream().anyMatch(method::startsWith) && seen.add(method)) {
          inclusive.merge(method, 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d execution samples in %s%n", samples, args[0]);
    print("by thread", threads, samples, top);
    print("self (top of stack)", self, samples, top);
    print("inclusive (anywhere on the stack)", inclusive, samples, top);
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.println();
    System.out.println(title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(entry -> System.out.printf(Locale.ROOT, "  %5.1f %%  %6d  %s%n",
            100.0 * entry.getValue() / Math.max(1, samples), entry.getValue(), entry.getKey()));
  }
}
