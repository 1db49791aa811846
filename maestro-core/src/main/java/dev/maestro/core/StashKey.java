package dev.maestro.core;

import java.util.Objects;

/**
 * A typed key into the {@link Stash}: a value one step leaves for the steps after it in the same reconcile.
 *
 * @param name a name unique within the controller, shown in errors
 * @param type the value's type; values are checked against it
 * @param <T> the value's type
 */
public record StashKey<T>(String name, Class<T> type) {

  public StashKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A key for values of {@code type}. */
  public static <T> StashKey<T> of(String name, Class<T> type) {
    return new StashKey<>(name, type);
  }
}
