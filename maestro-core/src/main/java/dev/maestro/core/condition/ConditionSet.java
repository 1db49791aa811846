package dev.maestro.core.condition;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A top-level condition ({@code Ready} by default) derived from dependent conditions the parent declares: True
 * when all dependents are True; False, with that dependent's reason and message, when any is False (the first
 * in declared order); otherwise Unknown, naming the first dependent that is Unknown or not set yet.
 *
 * @param happy the derived condition's type
 * @param dependents the types it is derived from, in order
 */
public record ConditionSet(String happy, List<String> dependents) {

  public ConditionSet {
    Objects.requireNonNull(happy, "happy");
    dependents = List.copyOf(dependents);
    if (dependents.contains(happy)) {
      throw new IllegalArgumentException(happy + " cannot depend on itself");
    }
  }

  /** {@code Ready} derived from {@code dependents}. */
  public static ConditionSet ready(String... dependents) {
    return new ConditionSet(Conditions.READY, List.of(dependents));
  }

  /** Sets the derived condition on {@code conditions} from the dependents it holds. */
  public void apply(ConditionUpdater conditions, @Nullable Long observedGeneration) {
    Condition unknown = null;
    String missing = null;
    for (String type : dependents) {
      Optional<Condition> dependent = conditions.get(type);
      if (dependent.isEmpty()) {
        missing = missing == null ? type : missing;
        continue;
      }
      ConditionStatus status = ConditionStatus.parse(dependent.get().getStatus());
      if (status == ConditionStatus.FALSE) {
        conditions.update(happy, ConditionStatus.FALSE, observedGeneration, dependent.get().getReason(),
            dependent.get().getMessage());
        return;
      }
      if (status == ConditionStatus.UNKNOWN && unknown == null) {
        unknown = dependent.get();
      }
    }
    if (unknown != null) {
      conditions.update(happy, ConditionStatus.UNKNOWN, observedGeneration, unknown.getReason(),
          unknown.getMessage());
    } else if (missing != null) {
      conditions.update(happy, ConditionStatus.UNKNOWN, observedGeneration, "Pending",
          "condition " + missing + " has not been reported yet");
    } else {
      conditions.update(happy, ConditionStatus.TRUE, observedGeneration, Conditions.REASON_RECONCILED, "");
    }
  }
}
