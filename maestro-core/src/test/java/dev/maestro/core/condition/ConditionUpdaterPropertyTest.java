package dev.maestro.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random sequences of updates and removals keep the updater's invariants: the input is never mutated; a
 * transition time changes exactly when the status changed (or the condition is new); kept or dropped untouched
 * conditions follow the flag; "changed" is true exactly when the result differs from the input; no type twice.
 */
class ConditionUpdaterPropertyTest {

  private static final String[] TYPES = {"Ready", "Valid", "Synced", "Healthy", "Scaled"};
  private static final String[] REASONS = {"A", "B", "C"};
  private static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @RepeatedTest(200)
  void randomUpdatesAndRemovalsKeepTheInvariants(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition() * 7919L);
    List<Condition> input = randomConditions(random);
    List<Condition> snapshot = input.stream().map(c -> new ConditionBuilder(c).build()).toList();
    boolean drop = random.nextBoolean();
    ConditionUpdater updater = ConditionUpdater.of(input, drop).withNow(NOW);

    Map<String, ConditionStatus> expectedStatus = new LinkedHashMap<>();
    Set<String> removed = new HashSet<>();
    int operations = random.nextInt(8);
    for (int i = 0; i < operations; i++) {
      String type = TYPES[random.nextInt(TYPES.length)];
      if (random.nextInt(4) == 0) {
        updater.remove(type);
        removed.add(type);
        expectedStatus.remove(type);
      } else {
        ConditionStatus status = ConditionStatus.values()[random.nextInt(3)];
        updater.update(type, status, (long) random.nextInt(3), REASONS[random.nextInt(REASONS.length)], "m");
        removed.remove(type);
        expectedStatus.put(type, status);
      }
    }
    ConditionUpdater.Result result = updater.conditions();

    assertThat(input).isEqualTo(snapshot);
    Map<String, Condition> before = new LinkedHashMap<>();
    snapshot.forEach(c -> before.put(c.getType(), c));
    Set<String> seen = new HashSet<>();
    for (Condition condition : result.conditions()) {
      assertThat(seen.add(condition.getType())).as("each type once").isTrue();
      Condition old = before.get(condition.getType());
      if (expectedStatus.containsKey(condition.getType())) {
        assertThat(condition.getStatus()).isEqualTo(expectedStatus.get(condition.getType()).value());
        boolean transitioned = old == null || !old.getStatus().equals(condition.getStatus());
        assertThat(condition.getLastTransitionTime())
            .isEqualTo(transitioned ? NOW.toString() : old.getLastTransitionTime());
      } else {
        assertThat(drop).as("untouched conditions appear only when kept").isFalse();
        assertThat(condition).isEqualTo(old);
      }
    }
    for (String type : before.keySet()) {
      boolean touched = expectedStatus.containsKey(type) || removed.contains(type);
      boolean present = result.conditions().stream().anyMatch(c -> c.getType().equals(type));
      assertThat(present).isEqualTo(!removed.contains(type) && (touched || !drop));
    }
    assertThat(result.changed()).isEqualTo(!sameIgnoringOrder(snapshot, result.conditions()));
  }

  private static boolean sameIgnoringOrder(List<Condition> a, List<Condition> b) {
    return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
  }

  private static List<Condition> randomConditions(Random random) {
    List<Condition> conditions = new ArrayList<>();
    for (String type : TYPES) {
      if (random.nextBoolean()) {
        conditions.add(new ConditionBuilder().withType(type)
            .withStatus(ConditionStatus.values()[random.nextInt(3)].value())
            .withReason(REASONS[random.nextInt(REASONS.length)]).withMessage("m")
            .withObservedGeneration((long) random.nextInt(3)).withLastTransitionTime(OLD.toString()).build());
      }
    }
    return conditions;
  }
}
