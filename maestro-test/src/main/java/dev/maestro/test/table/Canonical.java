package dev.maestro.test.table;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The form in which the harness compares and prints objects: a JSON tree with sorted keys, without the fields the
 * API server fills in ({@link #SERVER_FIELDS}), and without zero values (null, empty strings, empty lists and maps:
 * Kubernetes treats them as absent). Two objects are equal when their canonical YAML is.
 */
final class Canonical {

  /** Metadata the API server fills in, which a test cannot and need not predict. */
  static final Set<String> SERVER_FIELDS = Set.of("uid", "resourceVersion", "creationTimestamp", "generation",
      "managedFields", "selfLink", "deletionGracePeriodSeconds");

  /** What a deletionTimestamp becomes: only whether it is set matters. */
  static final String SET = "(set)";

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER, YAMLWriteFeature.SPLIT_LINES)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();

  private final KubernetesSerialization json;

  Canonical(KubernetesSerialization json) {
    this.json = json;
  }

  KubernetesSerialization json() {
    return json;
  }

  /** Any object as a JSON tree (maps, lists, scalars), unchanged otherwise. */
  @SuppressWarnings("unchecked")
  Map<String, Object> tree(Object object) {
    if (object instanceof Map<?, ?> map) {
      return json.convertValue(map, Map.class);
    }
    return json.convertValue(object, Map.class);
  }

  /** A JSON text as a tree. */
  @Nullable Object parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return json.unmarshal(text, Object.class);
  }

  /** The canonical form of a Kubernetes object's tree. */
  @Nullable Object object(@Nullable Object tree) {
    if (!(tree instanceof Map<?, ?> map)) {
      return value(tree);
    }
    Map<String, Object> copy = new TreeMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), value));
    if (copy.get("metadata") instanceof Map<?, ?> metadata) {
      Map<String, Object> meta = new TreeMap<>();
      metadata.forEach((key, value) -> {
        String name = String.valueOf(key);
        if (!SERVER_FIELDS.contains(name)) {
          meta.put(name, name.equals("deletionTimestamp") && value != null ? SET : value);
        }
      });
      copy.put("metadata", meta);
    }
    return value(copy);
  }

  /** The canonical form of any JSON value: sorted keys, zero values dropped, integral numbers as longs. */
  @Nullable Object value(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, item) -> {
        Object canonical = value(item);
        if (!isZero(canonical)) {
          sorted.put(String.valueOf(key), canonical);
        }
      });
      return sorted.isEmpty() ? null : sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      for (Object item : list) {
        Object canonical = value(item);
        // keep positions: an empty element in a list is still an element
        items.add(canonical == null ? Map.of() : canonical);
      }
      return items.isEmpty() ? null : items;
    }
    if (value instanceof Number number && !(number instanceof Long)) {
      double d = number.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
      return d;
    }
    return isZero(value) ? null : value;
  }

  /**
   * The canonical form of a document whose zero values matter (a patch: {@code "value": []} empties a list): keys
   * sorted and integral numbers as longs, but nothing dropped.
   */
  @Nullable Object exact(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, item) -> sorted.put(String.valueOf(key), exact(item)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      list.forEach(item -> items.add(exact(item)));
      return items;
    }
    if (value instanceof Number && !(value instanceof Long)) {
      return value(value);
    }
    return value;
  }

  /** Whether two canonical values are equal (as canonical JSON, where a string never equals a number). */
  boolean same(@Nullable Object a, @Nullable Object b) {
    return Objects.equals(a == null ? null : json.asJson(a), b == null ? null : json.asJson(b));
  }

  /** YAML of a canonical value for people: no document marker, no folded lines; {@code (none)} for nothing. */
  String yaml(@Nullable Object canonical) {
    if (canonical == null) {
      return "(none)\n";
    }
    String yaml = YAML.writeValueAsString(canonical);
    return yaml.endsWith("\n") ? yaml : yaml + "\n";
  }

  private static boolean isZero(@Nullable Object value) {
    return value == null || (value instanceof String s && s.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof List<?> l && l.isEmpty());
  }
}
