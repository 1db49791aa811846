package dev.maestro.core.event;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns the difference between a parent's old and new conditions into events, at a chosen
 * {@link ConditionEventVerbosity}. A change is a condition added, removed, or whose status changed; a new reason or
 * message alone is not. Call it once per status write, with the conditions before and after, so each change is
 * reported once.
 */
public final class ConditionEvents {

  /** The reason of condition events. */
  public static final String REASON = "ConditionsChanged";

  private ConditionEvents() {}

  /** The changes from {@code before} to {@code after}, in the order of {@code after}, removals last. */
  public static List<Change> changes(@Nullable List<Condition> before, @Nullable List<Condition> after) {
    Map<String, Condition> old = byType(before);
    Map<String, Condition> now = byType(after);
    List<Change> changes = new ArrayList<>();
    now.forEach((type, condition) -> {
      Condition previous = old.get(type);
      if (previous == null || !Objects.equals(previous.getStatus(), condition.getStatus())) {
        changes.add(new Change(type, previous == null ? null : previous.getStatus(), condition.getStatus()));
      }
    });
    old.forEach((type, condition) -> {
      if (!now.containsKey(type)) {
        changes.add(new Change(type, condition.getStatus(), null));
      }
    });
    return changes;
  }

  /** Records the events {@code verbosity} asks for about the changes from {@code before} to {@code after}. */
  public static void record(EventRecorder recorder, HasMetadata about, ConditionEventVerbosity verbosity,
      @Nullable List<Condition> before, @Nullable List<Condition> after) {
    List<Change> changes = changes(before, after);
    if (changes.isEmpty() || verbosity == ConditionEventVerbosity.NONE) {
      return;
    }
    switch (verbosity) {
      case PER_CHANGE -> changes.forEach(change -> recorder.record(about, typeOf(change.after()), REASON,
          change.describe()));
      case PER_NEW_STATUS -> {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        for (Change change : changes) {
          byStatus.computeIfAbsent(change.after() == null ? "Removed" : change.after(), s -> new ArrayList<>())
              .add(change.type());
        }
        byStatus.forEach((status, types) -> recorder.record(about, typeOf(status.equals("Removed") ? null : status),
            REASON, status.equals("Removed") ? "Conditions removed: " + String.join(", ", types)
                : "Conditions now " + status + ": " + String.join(", ", types)));
      }
      case IF_CHANGED -> recorder.record(about,
          changes.stream().anyMatch(c -> "False".equals(c.after())) ? EventType.WARNING : EventType.NORMAL, REASON,
          "Conditions changed: " + String.join(", ", changes.stream().map(Change::type).toList()));
      default -> throw new IllegalStateException("unexpected verbosity " + verbosity);
    }
  }

  private static EventType typeOf(@Nullable String status) {
    return "False".equals(status) ? EventType.WARNING : EventType.NORMAL;
  }

  private static Map<String, Condition> byType(@Nullable List<Condition> conditions) {
    Map<String, Condition> map = new LinkedHashMap<>();
    if (conditions != null) {
      conditions.forEach(condition -> map.put(condition.getType(), condition));
    }
    return map;
  }

  /**
   * One change of one condition.
   *
   * @param type the condition type
   * @param before its status before, null when it was added
   * @param after its status after, null when it was removed
   */
  public record Change(String type, @Nullable String before, @Nullable String after) {

    /** A sentence for an event message. */
    public String describe() {
      if (before == null) {
        return "Condition " + type + " added: " + after;
      }
      if (after == null) {
        return "Condition " + type + " removed (was " + before + ")";
      }
      return "Condition " + type + " changed: " + before + " -> " + after;
    }
  }
}
