package dev.maestro.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Computes RFC 7386 JSON merge patches between two JSON trees held as maps (what fabric8's serialization gives
 * for {@code convertValue(object, Map.class)}). Lists are replaced whole, as the RFC requires.
 */
public final class MergePatch {

  private MergePatch() {}

  /**
   * The merge patch turning {@code from} into {@code to}: keys whose values differ, {@code null} for removed keys,
   * nested objects diffed recursively. Empty when the two are equal.
   */
  public static Map<String, @Nullable Object> diff(@Nullable Map<?, ?> from, @Nullable Map<?, ?> to) {
    Map<String, @Nullable Object> patch = new LinkedHashMap<>();
    Map<?, ?> source = from == null ? Map.of() : from;
    Map<?, ?> target = to == null ? Map.of() : to;
    for (Map.Entry<?, ?> entry : source.entrySet()) {
      if (!target.containsKey(entry.getKey()) || target.get(entry.getKey()) == null) {
        if (entry.getValue() != null) {
          patch.put(String.valueOf(entry.getKey()), null);
        }
      }
    }
    for (Map.Entry<?, ?> entry : target.entrySet()) {
      Object newValue = entry.getValue();
      if (newValue == null) {
        continue;
      }
      Object oldValue = source.get(entry.getKey());
      if (oldValue instanceof Map<?, ?> oldMap && newValue instanceof Map<?, ?> newMap) {
        Map<String, @Nullable Object> nested = diff(oldMap, newMap);
        if (!nested.isEmpty()) {
          patch.put(String.valueOf(entry.getKey()), nested);
        }
      } else if (!sameJson(oldValue, newValue)) {
        patch.put(String.valueOf(entry.getKey()), newValue);
      }
    }
    return patch;
  }

  /** JSON equality: numbers compare by value whatever their Java type (an Integer 1 equals a Long 1). */
  static boolean sameJson(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return diff(x, y).isEmpty();
    }
    if (a instanceof java.util.List<?> x && b instanceof java.util.List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameJson(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
