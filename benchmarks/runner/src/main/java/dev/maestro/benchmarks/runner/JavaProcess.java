package dev.maestro.benchmarks.runner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the runner started for one module of {@code benchmarks/}: {@code java [jvmArgs] -cp
 * <module>/target/classes:<runtime classpath> <mainClass> [args]} (the module's jar in place of its classes when
 * asked), with its output in a log file. Its launch time is
 * taken just before the fork, which is what "from JVM launch" means in the results.
 */
final class JavaProcess implements AutoCloseable {

  /** Processes started and not yet killed; killed when the runner's JVM exits, so that none outlives it. */
  private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(JavaProcess::destroyTree),
        "benchmark-process-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final long launchedNanos;
  private final long launchedEpochMillis;

  private JavaProcess(String name, Process process, Path log, long launchedNanos, long launchedEpochMillis) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.launchedNanos = launchedNanos;
    this.launchedEpochMillis = launchedEpochMillis;
  }

  /**
   * Starts the main class of a module.
   *
   * @throws IllegalStateException when the module has not been built
   */
  static JavaProcess start(String name, Path moduleDir, String mainClass, List<String> jvmArguments,
      List<String> arguments, Path log) {
    return start(name, moduleDir, false, mainClass, jvmArguments, arguments, log);
  }

  /**
   * Starts the main class of a module, from its jar when {@code packaged} (class data sharing archives only classes
   * from jars), else from its {@code target/classes}.
   *
   * @throws IllegalStateException when the module has not been built
   */
  static JavaProcess start(String name, Path moduleDir, boolean packaged, String mainClass, List<String> jvmArguments,
      List<String> arguments, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(classpath(moduleDir, packaged));
    command.add(mainClass);
    command.addAll(arguments);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      long nanos = System.nanoTime();
      long epoch = System.currentTimeMillis();
      Process process = builder.start();
      RUNNING.add(process);
      return new JavaProcess(name, process, log, nanos, epoch);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
    }
  }

  /** {@code target/classes} (or the module's jar) and the runtime classpath the module's build wrote. */
  private static String classpath(Path moduleDir, boolean packaged) {
    Path classes = packaged ? jar(moduleDir) : moduleDir.resolve("target/classes");
    Path dependencies = moduleDir.resolve("target/runtime-classpath.txt");
    if (!Files.exists(classes) || !Files.isRegularFile(dependencies)) {
      throw new IllegalStateException(moduleDir + " is not built (no " + moduleDir.relativize(classes) + " or"
          + " target/runtime-classpath.txt): build it first, e.g. ./mvnw -pl benchmarks/runner -am verify -DskipTests");
    }
    try {
      return classes + File.pathSeparator + Files.readString(dependencies).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The jar {@code verify} built in the module's {@code target}: the only {@code .jar} there but sources, javadoc
   * and tests jars.
   *
   * @throws IllegalStateException when there are several (a stale one of another version: clean the module)
   */
  private static Path jar(Path moduleDir) {
    Path target = moduleDir.resolve("target");
    List<Path> jars;
    try (var files = Files.list(target)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar")).toList();
    } catch (IOException e) {
      jars = List.of();
    }
    if (jars.size() > 1) {
      throw new IllegalStateException("Several jars in " + target + " " + jars + ": clean the module and build it again");
    }
    return jars.isEmpty() ? target.resolve("(no jar)") : jars.get(0);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** {@link System#nanoTime()} just before the fork. */
  long launchedNanos() {
    return launchedNanos;
  }

  /** Wall-clock milliseconds just before the fork, comparable with the API server's timestamps. */
  long launchedEpochMillis() {
    return launchedEpochMillis;
  }

  /** Fails with the log's tail when the process has ended. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + "; the end of " + log + ":\n"
          + tail(40));
    }
  }

  /** The process's CPU seconds so far. */
  double cpuSeconds() {
    requireAlive();
    return ProcStats.cpuSeconds(pid());
  }

  /** The process's CPU seconds by thread group so far (see {@link ProcStats#cpuByThreadGroup}). */
  java.util.Map<String, Double> cpuByThreadGroup() {
    requireAlive();
    return ProcStats.cpuByThreadGroup(pid());
  }

  /** The process's peak resident set so far, in MiB. */
  double peakRssMb() {
    requireAlive();
    return ProcStats.peakRssMb(pid());
  }

  /** The last {@code lines} lines of the log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Kills the process at once (SIGKILL): everything measured has been read by then, and a graceful shutdown would
   * only cost time.
   */
  void kill() {
    destroyTree(process);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL (with any process it started) after {@code grace}.
   *
   * @return whether it ended within {@code grace}
   */
  boolean stop(Duration grace) {
    boolean graceful = true;
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          graceful = false;
          destroyTree(process);
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        graceful = false;
        destroyTree(process);
        Thread.currentThread().interrupt();
      }
    }
    RUNNING.remove(process);
    return graceful;
  }

  /** Kills {@code process} and every process it started (on JDK 25 a training JVM forks one to write its cache). */
  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Kills the process; see {@link #kill()}. */
  @Override
  public void close() {
    kill();
  }
}
