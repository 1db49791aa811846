package dev.maestro.core.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConditionSetTest {

  private final ConditionSet set = ConditionSet.ready("Valid", "ConfigMapReady");
  private final ConditionUpdater conditions = ConditionUpdater.of(null, false)
      .withNow(Instant.parse("2026-01-01T00:00:00Z"));

  private Condition ready() {
    return conditions.get("Ready").orElseThrow();
  }

  @Test
  void readyIsTrueWhenEveryDependentIsTrue() {
    conditions.update("Valid", ConditionStatus.TRUE, 3L, "SpecValid", "")
        .update("ConfigMapReady", ConditionStatus.TRUE, 3L, "Created", "");

    set.apply(conditions, 3L);

    assertThat(ready().getStatus()).isEqualTo("True");
    assertThat(ready().getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void readyIsFalseWithTheFirstFalseDependentsReasonAndMessage() {
    conditions.update("Valid", ConditionStatus.TRUE, 1L, "SpecValid", "")
        .update("ConfigMapReady", ConditionStatus.FALSE, 1L, "NotOwned", "someone else's ConfigMap");

    set.apply(conditions, 1L);

    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("NotOwned");
    assertThat(ready().getMessage()).isEqualTo("someone else's ConfigMap");
  }

  @Test
  void falseWinsOverUnknown() {
    conditions.update("Valid", ConditionStatus.UNKNOWN, 1L, "Checking", "")
        .update("ConfigMapReady", ConditionStatus.FALSE, 1L, "Broken", "it broke");

    set.apply(conditions, 1L);

    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("Broken");
  }

  @Test
  void readyIsUnknownWhenADependentIsUnknown() {
    conditions.update("Valid", ConditionStatus.TRUE, 1L, "SpecValid", "")
        .update("ConfigMapReady", ConditionStatus.UNKNOWN, 1L, "Waiting", "not yet");

    set.apply(conditions, 1L);

    assertThat(ready().getStatus()).isEqualTo("Unknown");
    assertThat(ready().getReason()).isEqualTo("Waiting");
  }

  @Test
  void readyIsUnknownWhileADependentHasNotBeenReported() {
    conditions.update("Valid", ConditionStatus.TRUE, 1L, "SpecValid", "");

    set.apply(conditions, 1L);

    assertThat(ready().getStatus()).isEqualTo("Unknown");
    assertThat(ready().getMessage()).contains("ConfigMapReady");
  }

  @Test
  void aConditionCannotDependOnItself() {
    assertThatThrownBy(() -> ConditionSet.ready("Ready")).isInstanceOf(IllegalArgumentException.class);
  }
}
