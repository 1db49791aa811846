package dev.maestro.core.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 6902 JSON Patch operations, for the writes Maestro sends as JSON Patch (status, finalizers).
 *
 * <p>Why JSON Patch and not a merge patch for writes: an {@code add} replaces a list whole on every API server,
 * while the embedded test server appends to lists on a merge patch (a deviation from RFC 7386 seen with fabric8's
 * mock server 8.0.0). Both behave alike for JSON Patch, so the path tested is the path run in production.
 */
public final class JsonPatch {

  private JsonPatch() {}

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

  /** An operation removing the value at {@code path}, which must exist. */
  public static Map<String, Object> remove(String path) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "remove");
    op.put("path", path);
    return op;
  }

  /** Escapes a key for a JSON pointer (RFC 6901). */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
