package dev.maestro.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Values shared between the steps of one reconcile, keyed by {@link StashKey}. A new stash is made for every
 * reconcile: nothing survives from one reconcile to the next, so a step never acts on stale values.
 */
public final class Stash {

  private final Map<StashKey<?>, Object> values = new LinkedHashMap<>();

  /** Stores {@code value} under {@code key}, replacing an earlier value. */
  public <T> void put(StashKey<T> key, T value) {
    values.put(key, key.type().cast(value));
  }

  /** The value under {@code key}, if a step stored one. */
  public <T> Optional<T> get(StashKey<T> key) {
    return Optional.ofNullable(values.get(key)).map(key.type()::cast);
  }

  /**
   * The value under {@code key}.
   *
   * @throws IllegalStateException naming the key when no earlier step stored a value: a wiring error in the
   *     order of steps
   */
  public <T> T require(StashKey<T> key) {
    return get(key).orElseThrow(() -> new IllegalStateException(
        "no value in the stash for '" + key.name() + "': the step that stores it must run before this one"));
  }

  /** Removes the value under {@code key}. */
  public void remove(StashKey<?> key) {
    values.remove(key);
  }

  /** A copy of all values, for tests and diagnostics. */
  public Map<StashKey<?>, Object> asMap() {
    return Map.copyOf(values);
  }
}
