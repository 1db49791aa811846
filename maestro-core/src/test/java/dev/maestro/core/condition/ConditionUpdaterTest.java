package dev.maestro.core.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionUpdaterTest {

  private static final String OLD_TIME = "2024-01-01T00:00:00Z";
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final String NOW_TEXT = "2024-06-01T12:00:00Z";

  private static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withObservedGeneration(1L)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(OLD_TIME)
        .build();
  }

  private static List<Condition> oldConditions() {
    return new ArrayList<>(List.of(
        condition("Ready", "True", "Reconciled", ""),
        condition("Degraded", "False", "AllGood", "nothing wrong")));
  }

  private static Condition only(ConditionUpdater.Result result, String type) {
    return result.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static List<String> types(ConditionUpdater.Result result) {
    return result.conditions().stream().map(Condition::getType).toList();
  }

  @Test
  void untouchedConditionsAreKeptByDefault() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update("Ready", ConditionStatus.FALSE, 2L, "Broken", "it broke")
        .conditions();

    assertThat(types(result)).containsExactlyInAnyOrder("Ready", "Degraded");
    assertThat(only(result, "Degraded")).isEqualTo(oldConditions().get(1));
  }

  @Test
  void untouchedConditionsAreDroppedWhenAsked() {
    ConditionUpdater updater = ConditionUpdater.of(oldConditions(), true).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "");

    ConditionUpdater.Result result = updater.conditions();

    assertThat(types(result)).containsExactly("Ready");
    assertThat(updater.get("Degraded")).isEmpty();
    assertThat(result.changed()).isTrue();
  }

  @Test
  void newConditionGetsNowAsTransitionTime() {
    ConditionUpdater.Result result = ConditionUpdater.of(null, false).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 3L, "Reconciled", "all set")
        .conditions();

    Condition ready = only(result, "Ready");
    assertThat(ready.getLastTransitionTime()).isEqualTo(NOW_TEXT);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getReason()).isEqualTo("Reconciled");
    assertThat(ready.getMessage()).isEqualTo("all set");
    assertThat(result.changed()).isTrue();
  }

  @Test
  void statusChangeMovesTheTransitionTimeToNow() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update("Ready", ConditionStatus.FALSE, 1L, "Reconciled", "")
        .conditions();

    assertThat(only(result, "Ready").getLastTransitionTime()).isEqualTo(NOW_TEXT);
  }

  @Test
  void reasonMessageOrGenerationChangeKeepsTheOldTransitionTime() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 7L, "StillFine", "a new message")
        .conditions();

    Condition ready = only(result, "Ready");
    assertThat(ready.getLastTransitionTime()).isEqualTo(OLD_TIME);
    assertThat(ready.getReason()).isEqualTo("StillFine");
    assertThat(ready.getMessage()).isEqualTo("a new message");
    assertThat(ready.getObservedGeneration()).isEqualTo(7L);
    assertThat(result.changed()).isTrue();
  }

  @Test
  void emptyReasonIsReplacedByTheStatus() {
    ConditionUpdater.Result result = ConditionUpdater.of(null, false).withNow(NOW)
        .update("Ready", ConditionStatus.UNKNOWN, null, "", "")
        .conditions();

    assertThat(only(result, "Ready").getReason()).isEqualTo("Unknown");
  }

  @Test
  void withNowOverridesNowTruncatedToWholeSeconds() {
    ConditionUpdater updater = ConditionUpdater.of(null, false)
        .withNow(Instant.parse("2024-06-01T12:00:00.789Z"));

    ConditionUpdater.Result result = updater.update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "").conditions();

    assertThat(updater.now()).isEqualTo(NOW);
    assertThat(only(result, "Ready").getLastTransitionTime()).isEqualTo(NOW_TEXT);
  }

  @Test
  void defaultNowIsTakenOnceWhenTheUpdaterIsMadeInWholeSeconds() {
    ConditionUpdater updater = ConditionUpdater.of(null, false);
    Instant stamped = updater.now();
    assertThat(stamped).isEqualTo(stamped.truncatedTo(ChronoUnit.SECONDS));
    assertThat(stamped).isBetween(Instant.now().minusSeconds(60), Instant.now());

    // let the wall clock pass the next whole second, so a "now" taken per call would differ
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> Instant.now().isAfter(stamped.plusSeconds(1)));
    ConditionUpdater.Result result = updater
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")
        .update("Degraded", ConditionStatus.FALSE, 1L, "AllGood", "")
        .conditions();

    assertThat(updater.now()).isEqualTo(stamped);
    assertThat(result.conditions()).extracting(Condition::getLastTransitionTime)
        .containsOnly(stamped.toString());
  }

  @Test
  void updateFromATemplateIgnoresItsTransitionTime() {
    Condition template = new ConditionBuilder()
        .withType("Ready")
        .withStatus("False")
        .withObservedGeneration(4L)
        .withReason("Broken")
        .withMessage("it broke")
        .withLastTransitionTime("1999-01-01T00:00:00Z")
        .build();

    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update(template)
        .conditions();

    Condition ready = only(result, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getObservedGeneration()).isEqualTo(4L);
    assertThat(ready.getReason()).isEqualTo("Broken");
    assertThat(ready.getMessage()).isEqualTo("it broke");
    assertThat(ready.getLastTransitionTime()).isEqualTo(NOW_TEXT);
  }

  @Test
  void updateFromATemplateWithTheSameStatusKeepsTheOldTransitionTime() {
    Condition template = new ConditionBuilder(oldConditions().get(0))
        .withMessage("still fine")
        .withLastTransitionTime("1999-01-01T00:00:00Z")
        .build();

    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update(template)
        .conditions();

    assertThat(only(result, "Ready").getLastTransitionTime()).isEqualTo(OLD_TIME);
  }

  @Test
  void removeDropsTheConditionAndMarksItTouched() {
    ConditionUpdater updater = ConditionUpdater.of(oldConditions(), false).withNow(NOW).remove("Degraded");

    ConditionUpdater.Result result = updater.conditions();

    assertThat(types(result)).containsExactly("Ready");
    assertThat(updater.touched("Degraded")).isTrue();
    assertThat(updater.touched("Ready")).isFalse();
    assertThat(result.changed()).isTrue();
  }

  @Test
  void removingAMissingConditionChangesNothing() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .remove("NoSuchType")
        .conditions();

    assertThat(result.changed()).isFalse();
    assertThat(result.conditions()).containsExactlyElementsOf(oldConditions());
  }

  @Test
  void noCallsMeansNotChanged() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW).conditions();

    assertThat(result.changed()).isFalse();
    assertThat(result.conditions()).containsExactlyElementsOf(oldConditions());
  }

  @Test
  void updatingAConditionToItsSameValuesIsNotAChange() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")
        .update("Degraded", ConditionStatus.FALSE, 1L, "AllGood", "nothing wrong")
        .conditions();

    assertThat(result.changed()).isFalse();
  }

  @Test
  void updatingAllConditionsToTheSameValuesWithDropUntouchedIsNotAChange() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), true).withNow(NOW)
        .update("Degraded", ConditionStatus.FALSE, 1L, "AllGood", "nothing wrong")
        .update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")
        .conditions();

    assertThat(result.changed()).as("order does not count").isFalse();
  }

  @Test
  void noConditionsBeforeOrAfterIsNotAChange() {
    assertThat(ConditionUpdater.of(null, false).conditions().changed()).isFalse();
    assertThat(ConditionUpdater.of(List.of(), true).conditions().changed()).isFalse();
  }

  @Test
  void changingOnlyTheMessageIsAChange() {
    ConditionUpdater.Result result = ConditionUpdater.of(oldConditions(), false).withNow(NOW)
        .update("Degraded", ConditionStatus.FALSE, 1L, "AllGood", "a different message")
        .conditions();

    assertThat(result.changed()).isTrue();
  }

  @Test
  void theInputListAndItsConditionsAreNeverMutated() {
    List<Condition> input = oldConditions();
    List<Condition> inputElements = List.copyOf(input);

    ConditionUpdater updater = ConditionUpdater.of(input, false).withNow(NOW)
        .update("Ready", ConditionStatus.FALSE, 9L, "Broken", "it broke")
        .update("Available", ConditionStatus.TRUE, 9L, "Up", "")
        .remove("Degraded");
    ConditionUpdater.Result result = updater.conditions();

    assertThat(input).isEqualTo(oldConditions());
    for (int i = 0; i < input.size(); i++) {
      assertThat(input.get(i)).isSameAs(inputElements.get(i));
    }
    assertThat(result.conditions()).allSatisfy(c -> assertThat(inputElements).noneMatch(old -> old == c));
  }

  @Test
  void returnedConditionsAreCopiesThatCannotCorruptTheUpdater() {
    ConditionUpdater updater = ConditionUpdater.of(oldConditions(), false).withNow(NOW);

    updater.get("Ready").orElseThrow().setStatus("False");
    updater.conditions().conditions().get(0).setMessage("scribbled");

    assertThat(updater.conditions().changed()).isFalse();
  }

  @Test
  void callsChainOnOneUpdater() {
    ConditionUpdater updater = ConditionUpdater.of(oldConditions(), false);

    assertThat(updater.withNow(NOW)).isSameAs(updater);
    assertThat(updater.update("Ready", ConditionStatus.TRUE, 1L, "Reconciled", "")).isSameAs(updater);
    assertThat(updater.update(oldConditions().get(1))).isSameAs(updater);
    assertThat(updater.remove("Degraded")).isSameAs(updater);
  }
}
