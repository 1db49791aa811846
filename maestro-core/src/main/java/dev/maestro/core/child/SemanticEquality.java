package dev.maestro.core.child;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The default comparison and merge of a desired child with the actual one.
 *
 * <p>Equality looks only at what the desired object sets: every field it sets outside {@code metadata} and
 * {@code status} must have the same value in the actual object (recursively; lists element by element), and every
 * label and annotation it sets must be present with the same value. Fields the API server or a mutating webhook
 * adds (defaults, a cluster IP, extra labels) are therefore not a difference, so they never cause an update loop.
 * A field the desired object stops setting is not removed; override {@code semanticEquals} and
 * {@code mergeBeforeUpdate} where that matters.
 */
public final class SemanticEquality {

  private static final Set<String> IGNORED = Set.of("apiVersion", "kind", "metadata", "status");

  private SemanticEquality() {}

  /** Whether {@code actual} already has every field {@code desired} sets, labels and annotations included. */
  public static boolean desiredFieldsMatch(HasMetadata desired, HasMetadata actual, KubernetesSerialization json) {
    Map<?, ?> want = json.convertValue(desired, Map.class);
    Map<?, ?> have = json.convertValue(actual, Map.class);
    for (Map.Entry<?, ?> entry : want.entrySet()) {
      if (!IGNORED.contains(String.valueOf(entry.getKey())) && !contains(entry.getValue(), have.get(entry.getKey()))) {
        return false;
      }
    }
    return contains(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        && contains(desired.getMetadata().getAnnotations(), actual.getMetadata().getAnnotations());
  }

  /**
   * {@code actual} with every field {@code desired} sets written over it (objects merged, lists and scalars
   * replaced), labels and annotations merged, everything else of {@code actual} (resourceVersion, owner references,
   * server defaults) kept.
   */
  @SuppressWarnings("unchecked")
  public static <C extends HasMetadata> C merge(C actual, C desired, KubernetesSerialization json) {
    Map<String, Object> have = json.convertValue(actual, Map.class);
    Map<String, Object> want = json.convertValue(desired, Map.class);
    for (Map.Entry<String, Object> entry : want.entrySet()) {
      if (!IGNORED.contains(entry.getKey())) {
        have.put(entry.getKey(), mergeValue(have.get(entry.getKey()), entry.getValue()));
      }
    }
    C merged = (C) json.convertValue(have, actual.getClass());
    if (desired.getMetadata().getLabels() != null && !desired.getMetadata().getLabels().isEmpty()) {
      Map<String, String> labels = new LinkedHashMap<>(nullToEmpty(merged.getMetadata().getLabels()));
      labels.putAll(desired.getMetadata().getLabels());
      merged.getMetadata().setLabels(labels);
    }
    if (desired.getMetadata().getAnnotations() != null && !desired.getMetadata().getAnnotations().isEmpty()) {
      Map<String, String> annotations = new LinkedHashMap<>(nullToEmpty(merged.getMetadata().getAnnotations()));
      annotations.putAll(desired.getMetadata().getAnnotations());
      merged.getMetadata().setAnnotations(annotations);
    }
    return merged;
  }

  /** Whether {@code have} holds everything {@code want} sets (null and empty want are always held). */
  static boolean contains(@Nullable Object want, @Nullable Object have) {
    if (want == null) {
      return true;
    }
    if (want instanceof Map<?, ?> wantMap) {
      if (wantMap.isEmpty()) {
        return have == null || have instanceof Map<?, ?>;
      }
      if (!(have instanceof Map<?, ?> haveMap)) {
        return false;
      }
      for (Map.Entry<?, ?> entry : wantMap.entrySet()) {
        if (!contains(entry.getValue(), haveMap.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof List<?> wantList) {
      if (wantList.isEmpty()) {
        return have == null || (have instanceof List<?> l && l.isEmpty());
      }
      if (!(have instanceof List<?> haveList) || haveList.size() != wantList.size()) {
        return false;
      }
      for (int i = 0; i < wantList.size(); i++) {
        if (!contains(wantList.get(i), haveList.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof Number a && have instanceof Number b) {
      return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0;
    }
    return want.equals(have);
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(@Nullable Object have, Object want) {
    if (want instanceof Map<?, ?> wantMap && have instanceof Map<?, ?> haveMap) {
      Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) haveMap);
      for (Map.Entry<String, Object> entry : ((Map<String, Object>) wantMap).entrySet()) {
        merged.put(entry.getKey(), entry.getValue() == null ? null : mergeValue(merged.get(entry.getKey()),
            entry.getValue()));
      }
      return merged;
    }
    return want;
  }

  private static Map<String, String> nullToEmpty(@Nullable Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
