package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class ChildWritesTest {

  private static final ResourceKey PARENT = new ResourceKey("ns", "parent");

  private final ChildWrites writes = new ChildWrites();

  private static ConfigMap configMap(String name, String resourceVersion) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .withResourceVersion(resourceVersion).endMetadata().build();
  }

  @Test
  void theEventOfOurOwnWriteIsConsumedOnce() {
    writes.record(configMap("a", "7"), PARENT);

    assertThat(writes.awaitsEvent(configMap("a", "7"))).isTrue();
    assertThat(writes.consume(configMap("a", "7"))).isEqualTo(PARENT);
    assertThat(writes.awaitsEvent(configMap("a", "7"))).isFalse();
    assertThat(writes.consume(configMap("a", "7"))).as("a second event of that version is not ours").isNull();
  }

  @Test
  void anotherVersionIsNotOursAndLeavesOurWriteWaiting() {
    writes.record(configMap("a", "7"), PARENT);

    assertThat(writes.consume(configMap("a", "6"))).isNull();
    assertThat(writes.consume(configMap("a", "8"))).isNull();
    assertThat(writes.awaitsEvent(configMap("a", "7"))).isTrue();
  }

  @Test
  void aLaterWriteReplacesTheEarlierOne() {
    writes.record(configMap("a", "7"), PARENT);
    writes.record(configMap("a", "9"), PARENT);

    assertThat(writes.consume(configMap("a", "7"))).isNull();
    assertThat(writes.consume(configMap("a", "9"))).isEqualTo(PARENT);
  }

  @Test
  void objectsOfOtherNamesOrTypesAreNotConfused() {
    writes.record(configMap("a", "7"), PARENT);

    assertThat(writes.consume(configMap("b", "7"))).isNull();
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("a").withResourceVersion("7")
        .endMetadata().build();
    assertThat(writes.consume(secret)).isNull();
    assertThat(writes.consume(configMap("a", "7"))).isEqualTo(PARENT);
  }

  @Test
  void theWriterIsTheParentWhoseReconcileRecordedIt() {
    ResourceKey other = new ResourceKey("ns", "other");
    writes.record(configMap("a", "7"), other);

    assertThat(writes.consume(configMap("a", "7"))).isEqualTo(other);
  }

  @Test
  void aDeleteForgetsTheWrite() {
    writes.record(configMap("a", "7"), PARENT);

    writes.forget(configMap("a", "7"));

    assertThat(writes.awaitsEvent(configMap("a", "7"))).isFalse();
    assertThat(writes.consume(configMap("a", "7"))).isNull();
  }

  @Test
  void objectsWithoutVersionOrNameAreNotRecorded() {
    writes.record(configMap("a", null), PARENT);
    ConfigMap generated = new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withGenerateName("a-")
        .withResourceVersion("3").endMetadata().build();
    writes.record(generated, PARENT);

    assertThat(writes.awaitsEvent(configMap("a", null))).isFalse();
    assertThat(writes.awaitsEvent(generated)).isFalse();
  }
}
