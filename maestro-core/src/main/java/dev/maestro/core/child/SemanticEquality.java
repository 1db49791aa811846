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
 * What the API server rewrites is held too: a quantity it wrote in canonical form ({@code 0.5} as {@code 500m},
 * {@code 1024Mi} as {@code 1Gi}; in the maps of quantities: {@code limits}, {@code requests}, {@code capacity},
 * {@code allocatable}, {@code hard}, {@code overhead}), a Secret's write-only {@code stringData} that it folded into
 * {@code data}; so a converged child is not written again. A {@code false} or {@code 0} the server dropped is not
 * held by its absence: for many fields absence means something else ({@code automountServiceAccountToken},
 * {@code allowPrivilegeEscalation}), so a child that sets such a value where the server drops it is written on each
 * reconcile (the server finds nothing to change); leave those values out of the desired object.
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
    if (desired instanceof io.fabric8.kubernetes.api.model.Secret secret && secret.getStringData() != null
        && !secret.getStringData().isEmpty()) {
      want = withStringDataInData(want, secret.getStringData());
    }
    for (Map.Entry<?, ?> entry : want.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!IGNORED.contains(key) && !contains(entry.getValue(), have.get(entry.getKey()), below(Values.PLAIN, key))) {
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

  /** A Secret's tree as the API server stores it: {@code stringData} base64-encoded into {@code data}. */
  @SuppressWarnings("unchecked")
  private static Map<?, ?> withStringDataInData(Map<?, ?> secret, Map<String, String> stringData) {
    Map<String, Object> stored = new LinkedHashMap<>((Map<String, Object>) secret);
    Map<String, Object> data = stored.get("data") instanceof Map<?, ?> map
        ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    stringData.forEach((key, value) -> data.put(key, value == null ? null
        : java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    stored.remove("stringData");
    stored.put("data", data);
    return stored;
  }

  /** Whether {@code have} holds everything {@code want} sets (null and empty want are always held). */
  static boolean contains(@Nullable Object want, @Nullable Object have) {
    return contains(want, have, Values.PLAIN);
  }

  /** The maps whose values are quantities, which the API server writes in canonical form. */
  private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests", "capacity", "allocatable", "hard",
      "overhead");

  /** The maps whose values are the user's own, which the API server stores as sent. */
  private static final Set<String> OPAQUE_MAPS = Set.of("data", "stringData", "binaryData", "labels", "annotations");

  /** What the values below a point of the tree are. */
  private enum Values { PLAIN, QUANTITIES, OPAQUE }

  /** What the values below {@code key} of a map whose values are {@code values} are. */
  private static Values below(Values values, String key) {
    if (values != Values.PLAIN) {
      return values;
    }
    return OPAQUE_MAPS.contains(key) ? Values.OPAQUE : QUANTITY_MAPS.contains(key) ? Values.QUANTITIES : Values.PLAIN;
  }

  /** As {@link #contains(Object, Object)}, for values of the kind {@code values}. */
  private static boolean contains(@Nullable Object want, @Nullable Object have, Values values) {
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
        if (!contains(entry.getValue(), haveMap.get(entry.getKey()), below(values, String.valueOf(entry.getKey())))) {
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
        if (!contains(wantList.get(i), haveList.get(i), values)) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof Number a && have instanceof Number b) {
      return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0;
    }
    if (values == Values.QUANTITIES && want instanceof String a && have instanceof String b && !a.equals(b)) {
      return sameQuantity(a, b);
    }
    return want.equals(have);
  }

  /** Whether two strings are one quantity written two ways ({@code 0.5}, {@code 500m}); false for others. */
  private static boolean sameQuantity(String a, String b) {
    try {
      return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(a))
          .compareTo(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
              new io.fabric8.kubernetes.api.model.Quantity(b))) == 0;
    } catch (RuntimeException notQuantities) {
      return false;
    }
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
