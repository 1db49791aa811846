package dev.maestro.core.status;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.internal.JsonPatch;
import dev.maestro.core.internal.MergePatch;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes a parent's status through the status subresource, only when it changed.
 *
 * <p>The new status is the working copy's status (as the steps left it) with the policy's fields set. It is
 * compared, as JSON, with the status of the cached parent; when they are equal nothing is sent. Otherwise one
 * JSON Patch is sent, guarded by the cached resourceVersion, so that a status computed from a stale parent is
 * rejected with 409 Conflict instead of overwriting newer state ({@link #patch} says what it sets). (JSON Patch
 * rather than server-side apply or a merge patch: it behaves the same on every API server, the embedded test
 * server included.)
 *
 * <p>Users are responsible for a status class that holds the policy's fields; {@link #verify(Class, StatusPolicy, KubernetesSerialization)} checks it
 * when the controller is built, since a real API server silently prunes unknown fields, which would make every
 * reconcile see a difference and write again.
 *
 * @param <P> the parent resource type
 */
public final class StatusWriter<P extends HasMetadata> {

  private final KubernetesClient client;
  private final Class<P> type;
  private final StatusPolicy policy;
  private final KubernetesSerialization serialization;
  private final java.lang.reflect.@Nullable Method getStatus;

  /** A writer for parents of {@code type}. */
  public StatusWriter(KubernetesClient client, Class<P> type, StatusPolicy policy) {
    this.client = client;
    this.type = type;
    this.policy = policy;
    this.serialization = client.getKubernetesSerialization();
    this.getStatus = statusGetter(type);
    if (getStatus != null) {
      getStatus.trySetAccessible(); // a getter declared by a non-public class
    }
  }

  /** The policy this writer follows. */
  public StatusPolicy policy() {
    return policy;
  }

  /** The conditions currently in the parent's status, as the policy (or {@link HasConditions}) locates them. */
  public List<Condition> conditionsOf(P parent) {
    if (!policy.enabled()) {
      return List.of();
    }
    if (statusObject(parent) instanceof HasConditions typed) {
      return typed.getConditions() == null ? List.of() : List.copyOf(typed.getConditions());
    }
    if (policy.conditionsField() == null) {
      return List.of();
    }
    Object raw = read(statusOf(parent), policy.conditionsField());
    if (!(raw instanceof List<?> list)) {
      return List.of();
    }
    List<Condition> conditions = new ArrayList<>();
    for (Object item : list) {
      conditions.add(serialization.convertValue(item, Condition.class));
    }
    return conditions;
  }

  /** Computes the status the parent should have, with only conditions and observedGeneration (no outcome). */
  public Map<String, Object> desired(P working, List<Condition> conditions) {
    return desired(working, new ReconcileOutcome(dev.maestro.core.Result.done(), null, conditions), null,
        java.time.Instant.now());
  }

  /**
   * Computes the status the parent should have: the working copy's status (as the steps left it) with every field
   * of the policy set.
   *
   * @param working the steps' copy of the parent; status objects implementing {@link HasConditions},
   *     {@link HasObservedGeneration} or {@link HasStatusError} are set through them
   * @param outcome how the reconcile ended, with the final conditions
   * @param phase the phase to write, or null to leave it
   * @param now the time of this reconcile
   * @return the new status as a JSON tree
   */
  public Map<String, Object> desired(P working, ReconcileOutcome outcome, @Nullable String phase,
      java.time.Instant now) {
    Long generation = working.getMetadata().getGeneration();
    Object typed = statusObject(working);
    boolean typedGeneration = typed instanceof HasObservedGeneration;
    boolean typedConditions = typed instanceof HasConditions;
    boolean typedError = typed instanceof HasStatusError;
    if (typed instanceof HasObservedGeneration holder && generation != null) {
      holder.setObservedGeneration(generation);
    }
    if (typed instanceof HasConditions holder) {
      holder.setConditions(new ArrayList<>(outcome.conditions()));
    }
    if (typed instanceof HasStatusError holder) {
      holder.setReason(outcome.reason().orElse(null));
      holder.setMessage(outcome.message().orElse(null));
    }
    Map<String, Object> status = statusOf(working);
    if (!typedGeneration && policy.observedGenerationField() != null && generation != null) {
      write(status, policy.observedGenerationField(), generation);
    }
    if (!typedConditions && policy.conditionsField() != null) {
      List<Object> list = new ArrayList<>();
      for (Condition condition : outcome.conditions()) {
        list.add(serialization.convertValue(condition, Map.class));
      }
      write(status, policy.conditionsField(), list);
    }
    if (policy.lastReconcileTimeField() != null) {
      write(status, policy.lastReconcileTimeField(),
          java.time.format.DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }
    if (policy.phaseField() != null && phase != null) {
      write(status, policy.phaseField(), phase);
    }
    if (!typedError && policy.reasonField() != null) {
      writeOrRemove(status, policy.reasonField(), outcome.reason().orElse(null));
    }
    if (!typedError && policy.messageField() != null) {
      writeOrRemove(status, policy.messageField(), outcome.message().orElse(null));
    }
    return status;
  }

  private @Nullable Object statusObject(P parent) {
    Object status = readStatus(parent);
    return status == UNREADABLE ? null : status;
  }

  /** The parent's {@code getStatus()}, or {@link #UNREADABLE} when it has none or it may not be called. */
  private @Nullable Object readStatus(P parent) {
    if (getStatus == null) {
      return UNREADABLE;
    }
    try {
      return getStatus.invoke(parent);
    } catch (ReflectiveOperationException e) {
      return UNREADABLE;
    }
  }

  /** The declared status class of {@code type}: its getStatus() type, resolved through CustomResource's generics. */
  static Class<?> statusClass(Class<?> type) {
    java.lang.reflect.Method getter = statusGetter(type);
    if (getter != null && getter.getReturnType() != Object.class) {
      return getter.getReturnType();
    }
    for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
      if (current.getGenericSuperclass() instanceof java.lang.reflect.ParameterizedType generic
          && generic.getRawType() == io.fabric8.kubernetes.client.CustomResource.class
          && generic.getActualTypeArguments()[1] instanceof Class<?> status) {
        return status;
      }
    }
    return Object.class;
  }

  private static java.lang.reflect.@Nullable Method statusGetter(Class<?> type) {
    try {
      return type.getMethod("getStatus");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static void writeOrRemove(Map<String, Object> tree, String path, @Nullable Object value) {
    if (value != null) {
      write(tree, path, value);
      return;
    }
    String[] parts = path.split("\\.");
    Object node = tree;
    for (int i = 0; i < parts.length - 1 && node instanceof Map<?, ?> map; i++) {
      node = map.get(parts[i]);
    }
    if (node instanceof Map<?, ?> map) {
      map.remove(parts[parts.length - 1]);
    }
  }

  /**
   * The merge patch of the status from {@code current} to {@code desired}; empty when nothing changed, and always
   * empty under a disabled policy.
   */
  public Map<String, @Nullable Object> diff(P current, Map<String, Object> desired) {
    if (!policy.enabled()) {
      return Map.of();
    }
    return MergePatch.diff(statusOf(current), desired);
  }

  /**
   * Writes {@code desired} when it differs from the status of {@code current}.
   *
   * @return the parent as the API server returned it after the write, or empty when nothing was sent
   */
  public Optional<P> write(P current, Map<String, Object> desired) {
    List<Map<String, Object>> ops = patch(current, desired);
    if (ops.isEmpty()) {
      return Optional.empty();
    }
    // through the object itself: fabric8 then knows the target and sends no GET before the PATCH
    return Optional.of(client.resource(current).status().patch(PatchContext.of(PatchType.JSON),
        serialization.asJson(ops)));
  }

  /**
   * The JSON Patch that {@link #write} sends to give {@code current} the status {@code desired}: empty when the
   * status already is {@code desired} (or the policy is disabled), else a precondition on the resourceVersion and
   * the status's changes, as below.
   *
   * <p>The typed parent cannot tell a status the server lacks from its class's default ({@code initStatus()},
   * field initialisers), and a real API server refuses an operation below a path it does not hold (422). So unless
   * the cached parent shows an observedGeneration (which only a write to the stored status sets), the whole status
   * is written with one {@code add} of {@code /status}, valid whether or not the object has one. Once it does, each
   * top-level field of the status that changes is written ({@code add} or {@code remove} of
   * {@code /status/<field>}), so that fields this status class does not hold (those of a newer version of the
   * operator, say) are kept.
   */
  public List<Map<String, Object>> patch(P current, Map<String, Object> desired) {
    if (!policy.enabled()) {
      return List.of();
    }
    Map<String, Object> raw = rawStatus(current);
    Map<String, @Nullable Object> changes = MergePatch.diff(raw == null ? Map.of() : raw, desired);
    if (changes.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> ops = new ArrayList<>();
    // A patched object carrying a resourceVersion is a precondition: a stale one is rejected with 409.
    ops.add(JsonPatch.replace("/metadata/resourceVersion", current.getMetadata().getResourceVersion()));
    if (raw != null && observedBefore(current, raw)) {
      // the stored object has a status (an observedGeneration was written to it): only the top-level fields that
      // change are written, and fields of the status this class does not hold are kept
      changes.forEach((key, value) -> ops.add(value == null ? JsonPatch.remove("/status/" + JsonPatch.escape(key))
          : JsonPatch.add("/status/" + JsonPatch.escape(key), desired.get(key))));
    } else {
      ops.add(JsonPatch.add("/status", desired));
    }
    return ops;
  }

  /** Whether the cached parent shows an observedGeneration, which only a write to the stored status can have set. */
  private boolean observedBefore(P current, Map<String, Object> raw) {
    Object observed = statusObject(current) instanceof HasObservedGeneration typed ? typed.getObservedGeneration()
        : policy.observedGenerationField() == null ? null : read(raw, policy.observedGenerationField());
    return observed instanceof Number number && number.longValue() > 0;
  }

  /**
   * Checks that the status class of {@code type} can hold the policy's fields.
   *
   * @throws IllegalArgumentException naming the type and the field when it cannot
   */
  public static void verify(Class<? extends HasMetadata> type, StatusPolicy policy, KubernetesSerialization json) {
    if (!policy.enabled()) {
      return;
    }
    Class<?> statusClass = statusClass(type);
    // decided once for all the fields: through the status class alone where that tells the same as the resource
    Class<?> probe = statusClassDecides(type, statusClass) ? statusClass : type;
    if (policy.observedGenerationField() != null && !HasObservedGeneration.class.isAssignableFrom(statusClass)) {
      verifyField(type, probe, policy.observedGenerationField(), 1L, json);
    }
    if (policy.conditionsField() != null && !HasConditions.class.isAssignableFrom(statusClass)) {
      verifyField(type, probe, policy.conditionsField(), List.of(Map.of("type", "Ready", "status", "True",
          "reason", "R", "message", "", "lastTransitionTime", "2020-01-01T00:00:00Z")), json);
    }
    boolean typedError = HasStatusError.class.isAssignableFrom(statusClass);
    for (String field : new String[] {policy.lastReconcileTimeField(), policy.phaseField(),
        typedError ? null : policy.reasonField(), typedError ? null : policy.messageField()}) {
      if (field != null) {
        verifyField(type, probe, field, "2020-01-01T00:00:00Z", json);
      }
    }
  }

  /**
   * Round-trips a status holding only {@code field} through {@code probe}: the resource {@code type}, or its status
   * class where that decides the same (see {@link #statusClassDecides}); the field must survive. The status class
   * alone spares the start-up the first (de)serializers of the whole resource and its metadata, which the informers'
   * first list would otherwise wait behind.
   */
  private static void verifyField(Class<? extends HasMetadata> type, Class<?> probe, String field, Object value,
      KubernetesSerialization json) {
    Map<String, Object> status = new LinkedHashMap<>();
    write(status, field, value);
    String problem;
    try {
      @Nullable Object roundTrip;
      if (probe != type) {
        roundTrip = json.convertValue(json.convertValue(status, probe), Map.class);
      } else {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("metadata", Map.of("name", "probe"));
        object.put("status", status);
        roundTrip = json.convertValue(json.convertValue(object, type), Map.class).get("status");
      }
      Map<?, ?> kept = roundTrip instanceof Map<?, ?> map ? map : Map.of();
      if (read(kept, field) != null) {
        return;
      }
      problem = roundTrip == null ? "it has no status (is its status type Void?)" : "it is dropped";
    } catch (RuntimeException e) {
      problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
    throw new IllegalArgumentException("The status of " + type.getName() + " has no field '" + field + "' ("
        + problem + "): add it (observedGeneration: Long, conditions: List<io.fabric8.kubernetes.api.model.Condition>)"
        + ", or name another field in the StatusPolicy, or set it to null, or use StatusPolicy.DISABLED");
  }

  /**
   * Whether the status class alone decides what of a status survives the resource's (de)serialization: a bean
   * class, behind {@link CustomResource}'s own status property (no subclass overrides its getter or setter, where
   * Jackson annotations could rename, ignore or retype it), in classes that carry no Jackson annotation of their own
   * (such as {@code @JsonIgnoreProperties}). Otherwise only the whole resource tells.
   */
  private static boolean statusClassDecides(Class<?> type, Class<?> statusClass) {
    if (!isBean(statusClass) || !CustomResource.class.isAssignableFrom(type)) {
      return false;
    }
    java.lang.reflect.Method getter = statusGetter(type);
    try {
      if (getter == null || getter.getDeclaringClass() != CustomResource.class
          || type.getMethod("setStatus", Object.class).getDeclaringClass() != CustomResource.class) {
        return false;
      }
    } catch (NoSuchMethodException e) {
      return false;
    }
    for (Class<?> c = type; c != CustomResource.class; c = c.getSuperclass()) {
      for (java.lang.annotation.Annotation annotation : c.getDeclaredAnnotations()) {
        String name = annotation.annotationType().getName();
        if (name.startsWith("com.fasterxml.jackson.") || name.startsWith("tools.jackson.")) {
          return false;
        }
      }
    }
    return true;
  }

  /** A class of its own that Jackson maps field by field: not Object, a map, an interface, Void or a scalar. */
  private static boolean isBean(Class<?> type) {
    return type != Object.class && type != Void.class && !type.isInterface() && !type.isPrimitive()
        && !type.isArray() && !Map.class.isAssignableFrom(type) && !java.util.Collection.class.isAssignableFrom(type)
        && !CharSequence.class.isAssignableFrom(type) && !Number.class.isAssignableFrom(type)
        && type != Boolean.class && !java.lang.reflect.Modifier.isAbstract(type.getModifiers());
  }

  private Map<String, Object> statusOf(P parent) {
    Map<String, Object> status = rawStatus(parent);
    return status == null ? new LinkedHashMap<>() : status;
  }

  /**
   * A mutable copy of the parent's status as a JSON tree, or null when it has none. Only the status is converted
   * (through the type's {@code getStatus()}, or the generic resource's {@code status} property), not the whole
   * parent with its metadata; a type with neither is converted whole.
   */
  @SuppressWarnings("unchecked")
  private @Nullable Map<String, Object> rawStatus(P parent) {
    Object status;
    if (parent instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource generic) {
      Object raw = generic.getAdditionalProperties().get("status");
      status = raw instanceof Map<?, ?> ? serialization.convertValue(raw, Map.class) : null;
    } else {
      Object typed = readStatus(parent);
      if (typed == UNREADABLE) { // no getter, or one we may not call: convert the whole parent instead
        status = serialization.convertValue(parent, Map.class).get("status");
      } else {
        status = typed == null || isScalar(typed) ? null : serialization.convertValue(typed, Map.class);
      }
    }
    return status instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : null;
  }

  private static final Object UNREADABLE = new Object();

  /** A status that is no JSON object: it holds none of the policy's fields, and is left alone. */
  private static boolean isScalar(Object status) {
    return status instanceof CharSequence || status instanceof Number || status instanceof Boolean
        || status instanceof java.util.Collection<?> || status.getClass().isArray();
  }

  private static @Nullable Object read(Map<?, ?> tree, String path) {
    Object node = tree;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static void write(Map<String, Object> tree, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = node.get(parts[i]);
      Map<String, Object> child = next instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map)
          : new LinkedHashMap<>();
      node.put(parts[i], child);
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }

}
