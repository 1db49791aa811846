package dev.maestro.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a difference between two JSON trees into RFC 6902 JSON Patch operations.
 *
 * <p>Why JSON Patch and not a merge patch for writes: an {@code add} replaces a list whole on every API server,
 * while the embedded test server appends to lists on a merge patch (a deviation from RFC 7386 seen with fabric8's
 * mock server 8.0.0). Both behave alike for JSON Patch, so the path tested is the path run in production.
 */
public final class JsonPatch {

  private JsonPatch() {}

  /**
   * The operations that turn {@code from} into {@code to} below {@code basePath}: {@code remove} for keys gone,
   * {@code add} (which replaces) for new or changed values, recursing into objects present on both sides.
   */
  public static List<Map<String, Object>> diff(String basePath, @Nullable Map<?, ?> from, @Nullable Map<?, ?> to) {
    List<Map<String, Object>> ops = new ArrayList<>();
    collect(basePath, from == null ? Map.of() : from, MergePatch.diff(from, to), ops);
    return ops;
  }

  /** An operation setting {@code path} to {@code value} (JSON Patch {@code add}, which replaces). */
  public static Map<String, Object> add(String path, Object value) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "add");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  /** An operation replacing the existing value at {@code path}. */
  public static Map<String, Object> replace(String path, Object value) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "replace");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  /** Escapes a key for a JSON pointer (RFC 6901). */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void collect(String path, Map<?, ?> from, Map<String, @Nullable Object> diff,
      List<Map<String, Object>> ops) {
    for (Map.Entry<String, @Nullable Object> entry : diff.entrySet()) {
      String child = path + "/" + escape(entry.getKey());
      Object value = entry.getValue();
      Object old = from.get(entry.getKey());
      if (value == null) {
        ops.add(Map.of("op", "remove", "path", child));
      } else if (value instanceof Map<?, ?> nested && old instanceof Map<?, ?> oldMap) {
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> nestedDiff = (Map<String, @Nullable Object>) nested;
        collect(child, oldMap, nestedDiff, ops);
      } else {
        ops.add(add(child, value));
      }
    }
  }
}
