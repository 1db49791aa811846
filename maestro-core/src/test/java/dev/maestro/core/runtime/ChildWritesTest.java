package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class ChildWritesTest {

  private final ChildWrites writes = new ChildWrites();

  private static ConfigMap configMap(String name, String resourceVersion) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .withResourceVersion(resourceVersion).endMetadata().build();
  }

  @Test
  void theEventOfOurOwnWriteIsConsumedOnce() {
    writes.record(configMap("a", "7"));

    assertThat(writes.awaitsEvent(configMap("a", "7"))).isTrue();
    assertThat(writes.consume(configMap("a", "7"))).isTrue();
    assertThat(writes.awaitsEvent(configMap("a", "7"))).isFalse();
    assertThat(writes.consume(configMap("a", "7"))).as("a second event of that version is not ours").isFalse();
  }

  @Test
  void anotherVersionIsNotOursAndLeavesOurWriteWaiting() {
    writes.record(configMap("a", "7"));

    assertThat(writes.consume(configMap("a", "6"))).isFalse();
    assertThat(writes.consume(configMap("a", "8"))).isFalse();
    assertThat(writes.awaitsEvent(configMap("a", "7"))).isTrue();
  }

  @Test
  void aLaterWriteReplacesTheEarlierOne() {
    writes.record(configMap("a", "7"));
    writes.record(configMap("a", "9"));

    assertThat(writes.consume(configMap("a", "7"))).isFalse();
    assertThat(writes.consume(configMap("a", "9"))).isTrue();
  }

  @Test
  void objectsOfOtherNamesOrTypesAreNotConfused() {
    writes.record(configMap("a", "7"));

    assertThat(writes.consume(configMap("b", "7"))).isFalse();
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("a").withResourceVersion("7")
        .endMetadata().build();
    assertThat(writes.consume(secret)).isFalse();
    assertThat(writes.consume(configMap("a", "7"))).isTrue();
  }

  @Test
  void aDeleteForgetsTheWrite() {
    writes.record(configMap("a", "7"));

    writes.forget(configMap("a", "7"));

    assertThat(writes.awaitsEvent(configMap("a", "7"))).isFalse();
    assertThat(writes.consume(configMap("a", "7"))).isFalse();
  }

  @Test
  void objectsWithoutVersionOrNameAreNotRecorded() {
    writes.record(configMap("a", null));
    ConfigMap generated = new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withGenerateName("a-")
        .withResourceVersion("3").endMetadata().build();
    writes.record(generated);

    assertThat(writes.awaitsEvent(configMap("a", null))).isFalse();
    assertThat(writes.awaitsEvent(generated)).isFalse();
  }
}
