package dev.maestro.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClassDataSharingTest {

  private final Path out = Path.of("/results");

  @Test
  void beforeJdk25ADynamicArchiveIsWrittenAtExitAndRequiredByTheMeasuredRuns() {
    ClassDataSharing jdk17 = new ClassDataSharing(17);
    Path archive = jdk17.archive(out, Framework.JOSDK);

    assertThat(archive).isEqualTo(Path.of("/results/cds/josdk.jsa"));
    assertThat(jdk17.training(archive)).contains("-XX:ArchiveClassesAtExit=/results/cds/josdk.jsa");
    assertThat(jdk17.use(archive)).containsExactly("-XX:SharedArchiveFile=/results/cds/josdk.jsa", "-Xshare:on");
  }

  @Test
  void fromJdk25TheAheadOfTimeCacheIsTrainedInOneStepAndRequiredByTheMeasuredRuns() {
    ClassDataSharing jdk25 = new ClassDataSharing(25);
    Path archive = jdk25.archive(out, Framework.MAESTRO);

    assertThat(archive).isEqualTo(Path.of("/results/cds/maestro.aot"));
    assertThat(jdk25.training(archive)).contains("-XX:AOTCacheOutput=/results/cds/maestro.aot");
    assertThat(jdk25.use(archive)).containsExactly("-XX:AOTCache=/results/cds/maestro.aot", "-XX:AOTMode=on");
  }
}
