package dev.maestro.core.condition;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Computes a new list of conditions from an old one.
 *
 * <p>Semantics users rely on:
 * <ul>
 *   <li>The old list is never mutated; {@link #conditions()} returns a new list of new objects.</li>
 *   <li>Conditions not touched by {@link #update} or {@link #remove} are kept, or dropped when the updater was
 *       made with {@code dropUntouched}, so that only the touched ones remain.</li>
 *   <li>One "now" per updater, taken when it is made (see {@link #withNow(Instant)}). A condition's
 *       {@code lastTransitionTime} is set to it only when the condition is new or its status differs from the old
 *       list's; a new reason, message or observedGeneration keeps the old time, and so does a status that changes
 *       and changes back within one updater. Times are RFC 3339 in whole seconds, as the API
 *       server stores them, so a re-read condition compares equal.</li>
 *   <li>{@link Result#changed()} is true when the new list differs from the old one in anything but order.</li>
 * </ul>
 * Calls chain: {@code ConditionUpdater.of(old, false).update(...).remove(...).conditions()}.
 */
public final class ConditionUpdater {

  private final Map<String, Condition> old;
  private final Map<String, Condition> current;
  private final List<String> touched = new ArrayList<>();
  private final boolean dropUntouched;
  private Instant now;

  private ConditionUpdater(@Nullable List<Condition> oldConditions, boolean dropUntouched, Instant now) {
    this.old = new LinkedHashMap<>();
    if (oldConditions != null) {
      for (Condition condition : oldConditions) {
        old.put(condition.getType(), condition);
      }
    }
    this.current = new LinkedHashMap<>();
    old.forEach((type, condition) -> current.put(type, copy(condition)));
    this.dropUntouched = dropUntouched;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * An updater over {@code oldConditions} (null means none).
   *
   * @param dropUntouched when true, conditions neither updated nor removed are left out of the result
   */
  public static ConditionUpdater of(@Nullable List<Condition> oldConditions, boolean dropUntouched) {
    return new ConditionUpdater(oldConditions, dropUntouched, Instant.now());
  }

  /** Replaces the "now" used for transition times (tests, or a controller's shared clock). */
  public ConditionUpdater withNow(Instant now) {
    this.now = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
    return this;
  }

  /** The "now" this updater stamps transitions with. */
  public Instant now() {
    return now;
  }

  /**
   * Sets a condition.
   *
   * @param type the condition type, e.g. {@code Ready}
   * @param status its status
   * @param observedGeneration the parent generation the condition was computed from
   * @param reason a CamelCase reason; an empty reason is replaced by the status, as the API requires one
   * @param message a human message, may be empty
   */
  public ConditionUpdater update(String type, ConditionStatus status, @Nullable Long observedGeneration, String reason,
      String message) {
    Objects.requireNonNull(type, "type");
    // compared with the old list, not with earlier calls: only the net change of this updater is a transition
    Condition previous = old.get(type);
    String transition = previous != null && status.value().equals(previous.getStatus())
        && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime()
        : DateTimeFormatter.ISO_INSTANT.format(now);
    current.put(type, new ConditionBuilder()
        .withType(type)
        .withStatus(status.value())
        .withObservedGeneration(observedGeneration)
        .withReason(reason == null || reason.isEmpty() ? status.value() : reason)
        .withMessage(message == null ? "" : message)
        .withLastTransitionTime(transition)
        .build());
    touch(type);
    return this;
  }

  /** Sets a condition from a template; its lastTransitionTime is ignored and computed as for {@link #update}. */
  public ConditionUpdater update(Condition template) {
    return update(template.getType(), ConditionStatus.parse(template.getStatus()), template.getObservedGeneration(),
        template.getReason(), template.getMessage());
  }

  /** Removes a condition; a no-op when it does not exist. */
  public ConditionUpdater remove(String type) {
    current.remove(type);
    touch(type);
    return this;
  }

  /** Whether {@code type} was updated or removed through this updater. */
  public boolean touched(String type) {
    return touched.contains(type);
  }

  /** The condition of {@code type} as it would be in the result, if present. */
  public java.util.Optional<Condition> get(String type) {
    if (dropUntouched && !touched(type)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(current.get(type)).map(ConditionUpdater::copy);
  }

  /** The new condition list and whether it differs from the old one. */
  public Result conditions() {
    List<Condition> result = new ArrayList<>();
    current.forEach((type, condition) -> {
      if (!dropUntouched || touched.contains(type)) {
        result.add(copy(condition));
      }
    });
    return new Result(List.copyOf(result), !sameIgnoringOrder(result));
  }

  private boolean sameIgnoringOrder(List<Condition> result) {
    if (result.size() != old.size()) {
      return false;
    }
    for (Condition condition : result) {
      if (!condition.equals(old.get(condition.getType()))) {
        return false;
      }
    }
    return true;
  }

  private void touch(String type) {
    if (!touched.contains(type)) {
      touched.add(type);
    }
  }

  private static Condition copy(Condition condition) {
    return new ConditionBuilder(condition).build();
  }

  /**
   * The outcome of an updater.
   *
   * @param conditions the new list, unmodifiable
   * @param changed whether it differs from the old list
   */
  public record Result(List<Condition> conditions, boolean changed) {}
}
