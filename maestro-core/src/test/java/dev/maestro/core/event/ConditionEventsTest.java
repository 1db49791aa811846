package dev.maestro.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionEventsTest {

  private static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("")
        .withLastTransitionTime("2026-01-01T00:00:00Z").build();
  }

  @Test
  void addedRemovedAndStatusChangedConditionsAreChanges() {
    List<Condition> before = List.of(condition("Ready", "False", "A"), condition("Old", "True", "A"));
    List<Condition> after = List.of(condition("Ready", "True", "A"), condition("New", "Unknown", "A"));

    assertThat(ConditionEvents.changes(before, after)).containsExactly(
        new ConditionEvents.Change("Ready", "False", "True"),
        new ConditionEvents.Change("New", null, "Unknown"),
        new ConditionEvents.Change("Old", "True", null));
  }

  @Test
  void aNewReasonOrMessageAloneIsNoChange() {
    assertThat(ConditionEvents.changes(List.of(condition("Ready", "False", "A")),
        List.of(condition("Ready", "False", "B")))).isEmpty();
  }

  @Test
  void changesDescribeOldAndNewStatus() {
    assertThat(new ConditionEvents.Change("Ready", "False", "True").describe())
        .isEqualTo("Condition Ready changed: False -> True");
    assertThat(new ConditionEvents.Change("Ready", null, "True").describe()).isEqualTo("Condition Ready added: True");
    assertThat(new ConditionEvents.Change("Ready", "False", null).describe())
        .isEqualTo("Condition Ready removed (was False)");
  }
}
