package dev.maestro.core.child;

import dev.maestro.core.OwnsChildren;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ChildStep} and {@link ChildSetStep} share: finding a parent's children through the cache's
 * controller-UID index, preparing desired children (namespace, controller owner reference), and creating, updating
 * and deleting them only when they differ. Users extend one of the two subclasses, not this class.
 *
 * <p>Hooks a subclass may override, each with a sensible default: {@link #semanticEquals}, {@link
 * #mergeBeforeUpdate}, {@link #ourChild}, {@link #sanitize}. Edge cases handled here:
 * <ul>
 *   <li>An object with the desired name that the parent does not control is never adopted or changed: the step
 *       fails with reason {@code NotOwned}, and is retried with backoff (the object may go away).</li>
 *   <li>A desired name that differs from the existing child's name replaces the child: delete, then create.</li>
 *   <li>Writes race with other writers: updates and deletes are guarded by the cached resourceVersion; a 409 is
 *       retried promptly by the controller from the fresh cache.</li>
 *   <li>With child labels the cache shows only labelled objects: a create that finds an unlabelled one (409) reads
 *       it, labels it if the parent controls it, and fails with {@code NotOwned} if not.</li>
 * </ul>
 *
 * <p>Each create, update and delete of a child records a Normal event on the parent ({@link #REASON_CREATED},
 * {@link #REASON_UPDATED}, {@link #REASON_DELETED}) through the controller's event recorder.
 *
 * @param <P> the parent type
 * @param <C> the child type
 */
public abstract class AbstractChildStep<P extends HasMetadata, C extends HasMetadata> implements Step<P>,
    OwnsChildren, dev.maestro.core.HasCleanup<P> {

  /**
   * Marks a child that cannot carry an owner reference (a cluster-scoped child of a namespaced parent) with its
   * parent's UID, so that it is still found through the controller-UID index; the garbage collector does not know
   * it, so such children need {@code deleteOnCleanup()}.
   */
  public static final String CONTROLLER_UID_ANNOTATION = ResourceCache.CONTROLLER_UID_ANNOTATION;

  /** Names the parent (kind, namespace/name) of a child that cannot carry an owner reference. */
  public static final String CONTROLLER_ANNOTATION = ResourceCache.CONTROLLER_ANNOTATION;

  /** The reason of the Normal event on the parent when a step created a child. */
  public static final String REASON_CREATED = "Created";

  /** The reason of the Normal event on the parent when a step updated a child. */
  public static final String REASON_UPDATED = "Updated";

  /** The reason of the Normal event on the parent when a step deleted a child. */
  public static final String REASON_DELETED = "Deleted";

  /** The reason of the error raised when an object with a child's name exists and the parent does not control it. */
  public static final String REASON_NOT_OWNED = "NotOwned";

  /** How long a child we wrote is trusted over a cache that does not show the write yet. */
  private static final long PENDING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  private final Class<C> childType;
  private final ApplyMode applyMode;
  /**
   * Children this step wrote that the cache may not show yet, by parent UID. The informer of the children and
   * the one of the parent deliver events independently, so the reconcile after a write may run before the cache
   * shows it; trusting what we wrote avoids a duplicate create (with generateName, a duplicate child) and an
   * update doomed to a 409.
   */
  private final Map<String, List<Pending<C>>> pending = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile long nextSweep = System.nanoTime() + PENDING_NANOS;

  protected AbstractChildStep(Class<C> childType, ApplyMode applyMode) {
    this.childType = Objects.requireNonNull(childType, "childType");
    this.applyMode = Objects.requireNonNull(applyMode, "applyMode");
  }

  /** The type of the children. */
  public final Class<C> childType() {
    return childType;
  }

  /** How children are written. */
  public final ApplyMode applyMode() {
    return applyMode;
  }

  @Override
  public Set<Class<? extends HasMetadata>> childTypes() {
    return Set.of(childType);
  }

  /**
   * Whether {@code actual} already is what {@code desired} describes. By default, whether it has every field the
   * desired object sets (see {@link SemanticEquality}), so that server defaults cause no update.
   */
  protected boolean semanticEquals(C desired, C actual, ReconcileContext<P> context) {
    return SemanticEquality.desiredFieldsMatch(desired, actual, context.client().getKubernetesSerialization());
  }

  /**
   * The object sent to update {@code actual} towards {@code desired}. By default {@code actual} with the desired
   * fields written over it, keeping its resourceVersion, so the update is guarded against concurrent changes.
   */
  protected C mergeBeforeUpdate(C actual, C desired, ReconcileContext<P> context) {
    return SemanticEquality.merge(actual, desired, context.client().getKubernetesSerialization());
  }

  /**
   * Whether an object controlled by the parent is one this step manages. All controlled objects of the child type
   * by default; override when two steps manage children of the same type for one parent.
   */
  protected boolean ourChild(P parent, C child) {
    return true;
  }

  /**
   * Whether this step takes every object of its child type the parent controls for its own: {@link #ourChild} is
   * not overridden. Two such steps of one child type in a controller would each delete the other's children as
   * extras, so a controller refuses to be built with them.
   */
  public final boolean claimsEveryChildOfItsType() {
    for (Class<?> c = getClass(); c != AbstractChildStep.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
        if (method.getName().equals("ourChild") && method.getParameterCount() == 2 && !method.isBridge()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * What may be logged of a child. By default the child itself, except that a Secret's data and stringData
   * values are replaced by their sizes, so that secret values never reach a log.
   */
  protected Object sanitize(C child) {
    if (child instanceof Secret secret) {
      Map<String, Object> safe = new LinkedHashMap<>();
      safe.put("metadata", secret.getMetadata());
      safe.put("type", secret.getType());
      safe.put("data", redacted(secret.getData()));
      safe.put("stringData", redacted(secret.getStringData()));
      return safe;
    }
    return child;
  }

  /** Reconciles the children; the outcome for each desired child, in order. */
  final List<C> reconcileChildren(ReconcileContext<P> context, P parent, List<C> desiredChildren,
      java.util.function.Function<C, String> identity) {
    Map<String, List<C>> existing = new LinkedHashMap<>();
    for (C child : currentChildren(context, parent)) {
      existing.computeIfAbsent(identity.apply(child), id -> new ArrayList<>()).add(child);
    }
    ResourceCache<C> cache = context.cache(childType);
    String uid = parent.getMetadata().getUid(); // present: currentChildren requires it
    List<C> result = new ArrayList<>();
    for (C raw : desiredChildren) {
      C desired = prepare(raw, parent, context);
      List<C> candidates = existing.getOrDefault(identity.apply(desired), List.of());
      existing.remove(identity.apply(desired));
      C actual = pick(candidates, desired);
      for (C extra : candidates) {
        if (extra != actual) {
          delete(extra, parent, context, true);
        }
      }
      if (actual == null) {
        refuseToAdopt(desired, parent, cache, context);
        C created = createOrClaim(desired, parent, cache, context);
        remember(uid, new Pending<>(created, null, System.nanoTime() + PENDING_NANOS));
        result.add(created);
      } else if (semanticEquals(desired, actual, context)) {
        result.add(actual);
      } else {
        C updated = update(actual, desired, parent, context);
        remember(uid, new Pending<>(updated, actual.getMetadata().getResourceVersion(),
            System.nanoTime() + PENDING_NANOS));
        result.add(updated);
      }
    }
    existing.values().forEach(children -> children.forEach(child -> delete(child, parent, context, true)));
    return result;
  }

  /**
   * Whether the children are deleted explicitly when the parent is deleted, before the parent goes (the controller
   * then puts its finalizer on parents). Off by default: the garbage collector deletes owned children. Turn it on
   * for children it cannot know: cluster-scoped children of a namespaced parent, which carry no owner reference.
   */
  protected boolean deleteOnCleanup() {
    return false;
  }

  @Override
  public final boolean hasCleanup() {
    return deleteOnCleanup();
  }

  @Override
  public final Result cleanup(ReconcileContext<P> context, P parent) {
    // our own writes the cache does not show yet count: a child created just before the parent was deleted goes too
    for (C child : currentChildren(context, parent)) {
      delete(child, parent, context, false); // whatever version it has now: the parent is going
    }
    forgetPending(parent.getMetadata().getUid());
    return Result.done();
  }

  /**
   * The children of {@code parent} this step manages, as {@link #reconcileChildren} sees them: the cached ones, with
   * our own recent writes the cache does not show yet (a child created just before the parent was deleted).
   */
  final List<C> currentChildren(ReconcileContext<P> context, P parent) {
    String uid = Objects.requireNonNull(parent.getMetadata().getUid(),
        () -> "parent " + context.key() + " has no uid: it must come from the API server");
    return withPending(uid, context.cache(childType), context).stream().filter(child -> ourChild(parent, child))
        .toList();
  }

  /** Forgets our recent writes of children of the parent with {@code parentUid}: they were deleted. */
  final void forgetPending(String parentUid) {
    pending.remove(parentUid);
  }

  /**
   * The cached children of the parent, with our own recent writes in place of what the cache has not caught up
   * with yet (a create it does not show, an update it shows the old version of); forgets writes the cache shows.
   */
  private List<C> withPending(String parentUid, ResourceCache<C> cache, ReconcileContext<P> context) {
    sweepExpired();
    List<C> children = new ArrayList<>(cache.controlledBy(parentUid));
    List<Pending<C>> writes = pending.get(parentUid);
    if (writes == null) {
      return children;
    }
    long now = System.nanoTime();
    // Once the informer has reported the newest write of a child, the cache is the truth again (a child missing now
    // was deleted); until then the writes of that child chain: a create, then updates based on it.
    Map<ResourceKey, Boolean> awaiting = new java.util.HashMap<>();
    List<Pending<C>> snapshot = List.copyOf(writes);
    for (int i = snapshot.size() - 1; i >= 0; i--) { // newest first: its state decides for the whole chain
      C child = snapshot.get(i).child();
      awaiting.computeIfAbsent(ResourceKey.of(child), key -> context.ownWriteAwaitsEvent(child));
    }
    for (Pending<C> entry : snapshot) {
      ResourceKey key = ResourceKey.of(entry.child());
      int index = indexOf(children, key);
      boolean behind = awaiting.get(key) && (index < 0 ? entry.baseResourceVersion() == null
          : entry.baseResourceVersion() != null
              && entry.baseResourceVersion().equals(children.get(index).getMetadata().getResourceVersion()));
      if (!behind || now - entry.deadline() > 0) {
        writes.remove(entry);
      } else if (index < 0) {
        children.add(entry.child());
      } else {
        children.set(index, entry.child());
      }
    }
    pending.computeIfPresent(parentUid, (uid, list) -> list.isEmpty() ? null : list);
    return children;
  }

  /** Trusts {@code write} of a child of the parent with {@code parentUid} until the cache shows it. */
  private void remember(String parentUid, Pending<C> write) {
    pending.compute(parentUid, (uid, list) -> {
      List<Pending<C>> writes = list == null ? new java.util.concurrent.CopyOnWriteArrayList<>() : list;
      writes.add(write);
      return writes;
    });
  }

  /**
   * Forgets, at most every {@link #PENDING_NANOS}, the expired writes of every parent: a parent that is never
   * reconciled again after a write (its own child events need no reconcile) would otherwise keep them.
   */
  private void sweepExpired() {
    long now = System.nanoTime();
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + PENDING_NANOS;
    for (String uid : pending.keySet()) {
      pending.computeIfPresent(uid, (key, writes) -> {
        writes.removeIf(entry -> now - entry.deadline() > 0);
        return writes.isEmpty() ? null : writes;
      });
    }
  }

  private static <C extends HasMetadata> int indexOf(List<C> children, ResourceKey key) {
    for (int i = 0; i < children.size(); i++) {
      if (ResourceKey.of(children.get(i)).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private @Nullable C pick(List<C> candidates, C desired) {
    String name = desired.getMetadata().getName();
    if (name == null) {
      return candidates.isEmpty() ? null : candidates.get(0);
    }
    // a child with another name cannot be renamed: it is deleted as an extra and the desired one created
    return candidates.stream().filter(c -> name.equals(c.getMetadata().getName())).findFirst().orElse(null);
  }

  private C prepare(C desired, P parent, ReconcileContext<P> context) {
    KubernetesSerialization json = context.client().getKubernetesSerialization();
    C child = dev.maestro.core.internal.DeepCopy.of(desired, json);
    if (child.getMetadata() == null) {
      throw new IllegalStateException(name() + " returned a " + childType.getSimpleName() + " without metadata");
    }
    if (child.getMetadata().getName() == null && child.getMetadata().getGenerateName() == null) {
      throw new IllegalStateException(name() + " returned a " + childType.getSimpleName()
          + " with neither a name nor a generateName");
    }
    // the controller caches only children with the child labels: one without them would never be seen again
    addLabels(child, context.cache(childType).labels());
    boolean namespacedChild = Namespaced.class.isAssignableFrom(childType);
    String namespace = parent.getMetadata().getNamespace();
    if (namespacedChild) {
      if (namespace == null) {
        // a cluster-scoped parent may own objects in any namespace, but has none to lend its children
        if (child.getMetadata().getNamespace() == null) {
          throw ReconcileException.permanent("ChildWithoutNamespace", name() + " wants a "
              + childType.getSimpleName() + " without a namespace; the children of a cluster-scoped parent name "
              + "theirs");
        }
      } else if (child.getMetadata().getNamespace() == null) {
        child.getMetadata().setNamespace(namespace);
      } else if (!child.getMetadata().getNamespace().equals(namespace)) {
        throw ReconcileException.permanent("CrossNamespaceChild", name() + " wants a "
            + childType.getSimpleName() + " in namespace " + child.getMetadata().getNamespace()
            + ", but owner references only work within the parent's namespace " + namespace);
      }
    }
    if (namespacedChild || namespace == null) {
      List<OwnerReference> owners = new ArrayList<>(child.getMetadata().getOwnerReferences());
      owners.removeIf(owner -> Objects.equals(owner.getUid(), parent.getMetadata().getUid()));
      owners.add(controllerReference(parent));
      child.getMetadata().setOwnerReferences(owners);
    } else {
      Map<String, String> annotations = new LinkedHashMap<>();
      if (child.getMetadata().getAnnotations() != null) {
        annotations.putAll(child.getMetadata().getAnnotations());
      }
      annotations.put(CONTROLLER_UID_ANNOTATION, parent.getMetadata().getUid());
      annotations.put(CONTROLLER_ANNOTATION, parent.getKind() + "/" + ResourceKey.of(parent));
      child.getMetadata().setAnnotations(annotations);
    }
    return child;
  }

  private void refuseToAdopt(C desired, P parent, ResourceCache<C> cache, ReconcileContext<P> context) {
    String name = desired.getMetadata().getName();
    if (name == null) {
      return;
    }
    Optional<C> squatter = cache.get(new ResourceKey(desired.getMetadata().getNamespace(), name));
    if (squatter.isEmpty() && applyMode == ApplyMode.SERVER_SIDE_APPLY && !cache.labels().isEmpty()) {
      // the cache holds only labelled objects, and a forced apply would take over an unlabelled one: ask the API
      // server (one GET per create); a child of this parent from before the labels is taken over, and labelled
      squatter = Optional.ofNullable(read(desired, context)).filter(existing -> !controlledBy(parent, existing));
    }
    if (squatter.isPresent()) {
      throw notOwned(desired, context);
    }
  }

  /**
   * Creates the child. With child labels the cache cannot show an object of the name that lacks them, so a create
   * may find one (409 AlreadyExists): then one GET tells what it is. A child of this parent from before the labels
   * is updated, which labels it, and kept; another's is refused ({@code NotOwned}); a labelled child of this parent
   * means the cache is behind, and the 409 is retried as any conflict. Without child labels a 409 here is always a
   * cache that is behind: retried from the fresh cache, without the GET.
   */
  private C createOrClaim(C desired, P parent, ResourceCache<C> cache, ReconcileContext<P> context) {
    try {
      return create(desired, parent, context);
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // a 409 answering a create means the name is taken (AlreadyExists; the embedded API server gives no reason)
      if (e.getCode() != 409 || applyMode == ApplyMode.SERVER_SIDE_APPLY || cache.labels().isEmpty()
          || desired.getMetadata().getName() == null) {
        throw e;
      }
      C found = read(desired, context);
      if (found == null) {
        throw e; // deleted meanwhile: the retry creates it
      }
      if (!controlledBy(parent, found)) {
        throw notOwned(desired, context);
      }
      // on the object itself too, so that a mergeBeforeUpdate which keeps the actual object's metadata labels it
      if (!addLabels(found, cache.labels())) {
        throw e;
      }
      context.log().info("{} {} of {} lacks the child labels {}: labelling it", childType.getSimpleName(),
          ResourceKey.of(found), context.key(), cache.labels());
      return update(found, desired, parent, context);
    }
  }

  /** Puts {@code required} on the object's labels; whether that changed them (false: it carried them all). */
  private static boolean addLabels(HasMetadata object, Map<String, String> required) {
    Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    if (labels.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    Map<String, String> labelled = new LinkedHashMap<>(labels);
    labelled.putAll(required);
    object.getMetadata().setLabels(labelled);
    return true;
  }

  /** The object of the desired child's name as the API server has it (one GET), or null. */
  private @Nullable C read(C desired, ReconcileContext<P> context) {
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    return namespace == null ? context.client().resources(childType).withName(name).get()
        : context.client().resources(childType).inNamespace(namespace).withName(name).get();
  }

  private boolean controlledBy(P parent, C existing) {
    return dev.maestro.core.internal.ControllerReferences.uids(existing).contains(parent.getMetadata().getUid())
        && ourChild(parent, existing);
  }

  private ReconcileException notOwned(C desired, ReconcileContext<P> context) {
    return new ReconcileException(REASON_NOT_OWNED, childType.getSimpleName() + " "
        + new ResourceKey(desired.getMetadata().getNamespace(), desired.getMetadata().getName())
        + " already exists and is not controlled by " + context.key()
        + "; it is left untouched: delete or rename it to let the controller create its own");
  }

  private C create(C desired, P parent, ReconcileContext<P> context) {
    KubernetesClient client = context.client();
    C created = applyMode == ApplyMode.SERVER_SIDE_APPLY
        ? client.resource(desired).fieldManager(context.controller()).forceConflicts().serverSideApply()
        : client.resource(desired).create();
    context.recordOwnWrite(created);
    context.log().debug("Created {} {}", childType.getSimpleName(), ResourceKey.of(created));
    mutated(parent, REASON_CREATED, created, context);
    if (context.log().isTraceEnabled()) {
      context.log().trace("Created {}", describe(created, context));
    }
    return created;
  }

  private C update(C actual, C desired, P parent, ReconcileContext<P> context) {
    KubernetesClient client = context.client();
    C updated;
    if (applyMode == ApplyMode.SERVER_SIDE_APPLY) {
      updated = client.resource(desired).fieldManager(context.controller()).forceConflicts().serverSideApply();
    } else {
      C merged = mergeBeforeUpdate(actual, desired, context);
      merged.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
      updated = client.resource(merged).update();
    }
    context.recordOwnWrite(updated);
    context.log().debug("Updated {} {}", childType.getSimpleName(), ResourceKey.of(updated));
    mutated(parent, REASON_UPDATED, updated, context);
    if (context.log().isTraceEnabled()) {
      context.log().trace("Updated {}", describe(updated, context));
    }
    return updated;
  }

  /**
   * Deletes a child, guarded by its cached resourceVersion when {@code locked}; one already gone (404) counts as
   * deleted, without an event.
   */
  private void delete(C child, P parent, ReconcileContext<P> context, boolean locked) {
    var resource = context.client().resource(child);
    if ((locked ? resource.lockResourceVersion(child.getMetadata().getResourceVersion()) : resource).delete()
        .isEmpty()) {
      return;
    }
    context.log().debug("Deleted {} {}", childType.getSimpleName(), ResourceKey.of(child));
    mutated(parent, REASON_DELETED, child, context);
  }

  /** A Normal event on the parent for a write of one of its children ({@code Created ConfigMap ns/name}). */
  private void mutated(P parent, String reason, HasMetadata child, ReconcileContext<P> context) {
    context.event(parent, dev.maestro.core.event.EventType.NORMAL, reason,
        reason + " " + childType.getSimpleName() + " " + ResourceKey.of(child));
  }

  private String describe(C child, ReconcileContext<P> context) {
    return context.client().getKubernetesSerialization().asJson(sanitize(child));
  }

  private static OwnerReference controllerReference(HasMetadata parent) {
    return new OwnerReferenceBuilder()
        .withApiVersion(parent.getApiVersion())
        .withKind(parent.getKind())
        .withName(parent.getMetadata().getName())
        .withUid(parent.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * A child we wrote, the resourceVersion the write was based on (null for a create), and until when it is trusted
   * over a cache that does not show it.
   */
  private record Pending<C>(C child, @Nullable String baseResourceVersion, long deadline) {}

  private static @Nullable Map<String, String> redacted(@Nullable Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> safe = new LinkedHashMap<>();
    values.forEach((key, value) -> safe.put(key, "<redacted, " + (value == null ? 0 : value.length()) + " chars>"));
    return safe;
  }
}
