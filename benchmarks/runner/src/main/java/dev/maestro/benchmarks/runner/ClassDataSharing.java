package dev.maestro.benchmarks.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * The JVM's class data sharing for an operator ({@code --cds}): a training run writes an archive of the classes the
 * operator loaded, and the measured runs map it instead of loading, verifying and linking those classes again. On
 * JDK 25 and later this is the ahead-of-time cache ({@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}, which also
 * keeps the training run's method profiles); before, a dynamic CDS archive ({@code -XX:ArchiveClassesAtExit} /
 * {@code -XX:SharedArchiveFile}). Both are written when the JVM exits, and both only archive classes from jars, so
 * an operator started with either runs from its module's jar rather than its {@code target/classes}.
 *
 * <p>Every operator gets the same treatment: a JVM feature, not a framework's.
 *
 * @param feature the Java feature release the operators run on (the runner's own)
 */
record ClassDataSharing(int feature) {

  /** The release the runner runs on, which its operators share. */
  static ClassDataSharing ofRunningJvm() {
    return new ClassDataSharing(Runtime.version().feature());
  }

  /** Whether this release has the ahead-of-time cache of JEP 483 with the one-step training of JEP 514. */
  boolean aotCache() {
    return feature >= 25;
  }

  /** Where the archive of {@code framework} goes in the output directory. */
  Path archive(Path outputDir, Framework framework) {
    return outputDir.resolve("cds").resolve(framework.id() + (aotCache() ? ".aot" : ".jsa"));
  }

  /** The JVM options of the training run, which writes {@code archive} when it exits. */
  List<String> training(Path archive) {
    return aotCache()
        ? List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=warning,cds=warning:file=" + archive + ".log")
        : List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=warning:file=" + archive + ".log");
  }

  /** The JVM options of a run that uses {@code archive}; the JVM refuses to start if it cannot. */
  List<String> use(Path archive) {
    return aotCache()
        ? List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on")
        : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
  }
}
