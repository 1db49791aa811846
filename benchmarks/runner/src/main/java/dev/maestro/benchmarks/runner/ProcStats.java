package dev.maestro.benchmarks.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak memory of a live process, from Linux's {@code /proc}: {@code utime + stime} of
 * {@code /proc/<pid>/stat} (all threads) and {@code VmHWM} of {@code /proc/<pid>/status} (the peak resident set).
 */
final class ProcStats {

  /** Clock ticks per second of {@code /proc/<pid>/stat}'s times ({@code getconf CLK_TCK}); 100 on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** User plus system CPU seconds the process has used so far. */
  static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) may hold spaces and parentheses: fields are counted after its closing ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  }

  /**
   * CPU seconds by thread group of a live process: its threads' names ({@code /proc/<pid>/task/<tid>/comm}, at most
   * 15 characters) with digits and separators at the end removed, so that {@code C2 CompilerThre}, {@code GC
   * Thread#0..n} and {@code maestro-greetings-1..4} each sum up. Threads that have ended are not in it.
   */
  static java.util.Map<String, Double> cpuByThreadGroup(long pid) {
    java.util.Map<String, Double> groups = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
          double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
          groups.merge(name.replaceAll("[-#_ ]*[0-9]*$", ""), seconds, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the threads of " + pid, e);
    }
    return groups;
  }

  /** The process's peak resident set size, in MiB. */
  static double peakRssMb(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith("VmHWM:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return kb / 1024.0;
      }
    }
    throw new IllegalStateException("No VmHWM in /proc/" + pid + "/status");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + " (has the process ended?)", e);
    }
  }
}
