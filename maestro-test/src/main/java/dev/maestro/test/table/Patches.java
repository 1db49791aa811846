package dev.maestro.test.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies JSON Patches (RFC 6902) and JSON merge patches (RFC 7386) to JSON trees, to know what a PATCH asked
 * for (the status a status patch leads to) whether or not the server accepted it.
 */
final class Patches {

  private Patches() {}

  /** {@code target} with the merge patch applied; the arguments are not changed. */
  @SuppressWarnings("unchecked")
  static @Nullable Object merge(@Nullable Object target, @Nullable Object patch) {
    if (!(patch instanceof Map<?, ?> changes)) {
      return copy(patch);
    }
    Map<String, Object> result = target instanceof Map<?, ?> map ? (Map<String, Object>) copy(map)
        : new LinkedHashMap<>();
    changes.forEach((key, value) -> {
      String name = String.valueOf(key);
      if (value == null) {
        result.remove(name);
      } else {
        result.put(name, merge(result.get(name), value));
      }
    });
    return result;
  }

  /**
   * {@code target} with the JSON Patch operations applied; the arguments are not changed. Lenient where a server
   * would refuse (a replace of a missing field adds it; a failing test is ignored): the harness wants to know
   * what the client asked for, not to police it.
   */
  static @Nullable Object json(@Nullable Object target, @Nullable Object operations) {
    Object result = copy(target);
    if (!(operations instanceof List<?> list)) {
      return result;
    }
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> op) || !(op.get("path") instanceof String path)) {
        continue;
      }
      String kind = String.valueOf(op.get("op"));
      switch (kind) {
        case "add", "replace" -> result = put(result, pointer(path), copy(op.get("value")), kind.equals("add"));
        case "remove" -> result = remove(result, pointer(path));
        case "copy", "move" -> {
          if (op.get("from") instanceof String from) {
            Object value = copy(get(result, pointer(from)));
            if (kind.equals("move")) {
              result = remove(result, pointer(from));
            }
            result = put(result, pointer(path), value, true);
          }
        }
        default -> {
          // "test" and unknown operations change nothing
        }
      }
    }
    return result;
  }

  private static List<String> pointer(String path) {
    List<String> parts = new ArrayList<>();
    if (path.isEmpty()) {
      return parts;
    }
    for (String part : path.substring(1).split("/", -1)) {
      parts.add(part.replace("~1", "/").replace("~0", "~"));
    }
    return parts;
  }

  private static @Nullable Object get(@Nullable Object node, List<String> pointer) {
    Object current = node;
    for (String part : pointer) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(part);
      } else if (current instanceof List<?> list && isIndex(part, list.size() - 1)) {
        current = list.get(Integer.parseInt(part));
      } else {
        return null;
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object put(@Nullable Object root, List<String> pointer, @Nullable Object value,
      boolean insert) {
    if (pointer.isEmpty()) {
      return value;
    }
    Object parent = root instanceof Map<?, ?> || root instanceof List<?> ? root : new LinkedHashMap<String, Object>();
    Object node = parent;
    for (int i = 0; i < pointer.size() - 1; i++) {
      String part = pointer.get(i);
      if (node instanceof Map<?, ?> map) {
        Object child = map.get(part);
        if (!(child instanceof Map<?, ?>) && !(child instanceof List<?>)) {
          child = new LinkedHashMap<String, Object>();
          ((Map<String, Object>) map).put(part, child);
        }
        node = child;
      } else if (node instanceof List<?> list && isIndex(part, list.size() - 1)) {
        node = list.get(Integer.parseInt(part));
      } else {
        return parent;
      }
    }
    String last = pointer.get(pointer.size() - 1);
    if (node instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else if (node instanceof List<?> list) {
      List<Object> items = (List<Object>) list;
      if (last.equals("-")) {
        items.add(value);
      } else if (insert && isIndex(last, items.size())) {
        items.add(Integer.parseInt(last), value);
      } else if (isIndex(last, items.size() - 1)) {
        items.set(Integer.parseInt(last), value);
      }
    }
    return parent;
  }

  private static @Nullable Object remove(@Nullable Object root, List<String> pointer) {
    if (pointer.isEmpty()) {
      return null;
    }
    Object node = get(root, pointer.subList(0, pointer.size() - 1));
    String last = pointer.get(pointer.size() - 1);
    if (node instanceof Map<?, ?> map) {
      map.remove(last);
    } else if (node instanceof List<?> list && isIndex(last, list.size() - 1)) {
      list.remove(Integer.parseInt(last));
    }
    return root;
  }

  private static boolean isIndex(String part, int max) {
    if (part.isEmpty() || !part.chars().allMatch(Character::isDigit) || part.length() > 9) {
      return false;
    }
    int index = Integer.parseInt(part);
    return index >= 0 && index <= max;
  }

  /** A deep, mutable copy of a JSON tree. */
  static @Nullable Object copy(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(String.valueOf(key), copy(item)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(copy(item)));
      return copy;
    }
    return value;
  }
}
