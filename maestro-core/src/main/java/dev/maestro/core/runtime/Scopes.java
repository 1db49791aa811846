package dev.maestro.core.runtime;

import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer groups of one controller: per watched namespace (or one scope for all namespaces), one shared group
 * per kind, plus one group per cluster-scoped kind. Handlers are bound per kind and follow namespaces as they are
 * added and removed. Serves the controller's caches with its {@link NamespaceStrategy}.
 */
final class Scopes {

  private static final Logger LOG = LoggerFactory.getLogger(Scopes.class);

  /** The key of the all-namespaces scope. */
  private static final String ALL = "";

  private final Informers informers;
  private final KubernetesClient client;
  private final NamespaceStrategy strategy;
  private final Duration syncTimeout;
  private final Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
  private final Map<String, Map<Class<?>, InformerGroup<?>>> namespaced = new LinkedHashMap<>();
  private final Map<Class<?>, InformerGroup<?>> clusterScoped = new LinkedHashMap<>();
  /**
   * The groups of namespaces being added, by identity, while their informers sync: they do not count in the
   * health until they have (an add that keeps failing, for want of RBAC say, must not hold the controller down).
   */
  private final Set<Map<Class<?>, InformerGroup<?>>> syncing =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /**
   * Groups in namespaces outside the scopes, started for tracked objects there (ADHOC), by namespace and kind: those
   * that synced and serve reads, those still starting, and when a failed one may be tried again.
   */
  private final Map<String, Map<Class<?>, InformerGroup<?>>> outside = new LinkedHashMap<>();
  private final Map<String, Map<Class<?>, InformerGroup<?>>> outsideStarting = new LinkedHashMap<>();
  private final Map<String, Long> outsideRetryAt = new HashMap<>();
  /** When a reconcile last asked for each of those groups, by {@link System#nanoTime()}. */
  private final Map<Where, Long> outsideUsedAt = new HashMap<>();
  private final Map<Class<?>, List<Binder<?>>> binders = new LinkedHashMap<>();
  /** Per kind, the labels of the only objects its informers cache; kinds not here are cached whole. */
  private final Map<Class<?>, Map<String, String>> selectors = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Bound<?>> bound = new ArrayList<>();
  private boolean started;

  /**
   * Scopes over {@code namespaces} (empty: all), or over none at first when {@code followSelector} (a label
   * selector adds them).
   */
  Scopes(Informers informers, List<String> namespaces, NamespaceStrategy strategy, Duration syncTimeout,
      boolean followSelector) {
    this.informers = informers;
    this.client = informers.client();
    this.strategy = strategy;
    this.syncTimeout = syncTimeout;
    if (followSelector) {
      return;
    }
    if (namespaces.isEmpty()) {
      namespaced.put(ALL, new LinkedHashMap<>());
    } else {
      namespaces.forEach(namespace -> namespaced.put(namespace, new LinkedHashMap<>()));
    }
  }

  /**
   * Caches only the objects of {@code kind} with {@code labels}, wherever it is watched; before it is watched.
   *
   * @throws IllegalStateException when {@code kind} is watched already
   */
  synchronized void select(Class<? extends HasMetadata> kind, Map<String, String> labels) {
    if (kinds.contains(kind)) {
      throw new IllegalStateException(kind.getName() + " is watched already: select its labels before");
    }
    selectors.put(kind, Map.copyOf(labels));
  }

  /**
   * The labels of the objects of {@code kind} the informers cache; empty: all of them. Without the lock: every child
   * a reconcile writes asks, and the labels are fixed before the kind is watched.
   */
  Map<String, String> labels(Class<?> kind) {
    return selectors.getOrDefault(kind, Map.of());
  }

  /** Watches {@code kind} in every scope (acquiring its groups); a no-op when it is watched already. */
  synchronized void watch(Class<? extends HasMetadata> kind) {
    if (!kinds.add(kind)) {
      return;
    }
    if (isNamespaced(kind)) {
      namespaced.forEach((namespace, groups) -> groups.put(kind, acquire(kind, namespace)));
    } else {
      clusterScoped.put(kind, informers.acquire(kind, List.of(), labels(kind)));
    }
  }

  /**
   * Watches the watched {@code kind} in {@code namespace} outside the scopes too, with the kind's handlers: under
   * ADHOC, a tracked object there must reach the tracker. Never waits: the informers start in the background, and
   * reads there stay uncached until they have synced. When they cannot start (no list or watch permission there,
   * say), the failure is logged, reads stay uncached, and the next track there tries again after the sync timeout.
   * A no-op in a covered namespace, for a cluster-scoped kind, under the other strategies (their reads of other
   * namespaces fail), before start and after stop, and when it is watched or starting there already.
   */
  synchronized void watchOutside(Class<? extends HasMetadata> kind, String namespace) {
    if (started && strategy == NamespaceStrategy.ADHOC && isNamespaced(kind) && !covers(namespace)) {
      outsideUsedAt.put(new Where(namespace, kind), System.nanoTime());
    }
    if (!started || strategy != NamespaceStrategy.ADHOC || !isNamespaced(kind) || covers(namespace)
        || outside.getOrDefault(namespace, Map.of()).containsKey(kind)
        || outsideStarting.getOrDefault(namespace, Map.of()).containsKey(kind)) {
      return;
    }
    String where = namespace + "/" + kind.getName();
    Long retryAt = outsideRetryAt.get(where);
    if (retryAt != null && System.nanoTime() - retryAt < 0) {
      return;
    }
    InformerGroup<?> group = acquire(kind, namespace);
    outsideStarting.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(kind, group);
    try {
      binders.getOrDefault(kind, List.of()).forEach(binder -> attachUnchecked(binder, group));
      // a copy: the time-out must not complete the group's own start future. Async: the thread that completes it
      // (fabric8's, or the JDK's delay scheduler) must not wait for this monitor, which a start may hold meanwhile
      group.startAsync().copy().orTimeout(syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .whenCompleteAsync((synced, error) -> outsideStarted(kind, namespace, group, error));
    } catch (RuntimeException e) {
      outsideStarting.get(namespace).remove(kind); // not stuck as starting: a later track tries again
      unbind(group);
      informers.release(group);
      throw e;
    }
  }

  /** A group started outside the scopes, and when a reconcile last asked for it. */
  record Outside(Class<?> kind, String namespace, long usedAt) {

    Where where() {
      return new Where(namespace, kind);
    }
  }

  /** A kind in a namespace outside the scopes. */
  private record Where(String namespace, Class<?> kind) {}

  /** The groups outside the scopes that no reconcile asked for within {@code idle}. */
  synchronized List<Outside> idleOutside(Duration idle) {
    long now = System.nanoTime();
    // asked for where no group runs (one that could not start, say): nothing to keep a time for
    outsideUsedAt.keySet().removeIf(where ->
        !outside.getOrDefault(where.namespace(), Map.of()).containsKey(where.kind())
            && !outsideStarting.getOrDefault(where.namespace(), Map.of()).containsKey(where.kind()));
    List<Outside> idleOnes = new ArrayList<>();
    outside.forEach((namespace, groups) -> groups.keySet().forEach(kind -> {
      long usedAt = outsideUsedAt.getOrDefault(new Where(namespace, kind), now - idle.toNanos() - 1);
      if (now - usedAt > idle.toNanos()) {
        idleOnes.add(new Outside(kind, namespace, usedAt));
      }
    }));
    return idleOnes;
  }

  /** Counts {@code idle} as used now, unless a reconcile asked for it since {@link #idleOutside}: it is tracked. */
  synchronized void touchOutside(Outside idle) {
    Where where = idle.where();
    Long usedAt = outsideUsedAt.get(where);
    if (usedAt == null || usedAt == idle.usedAt()) {
      outsideUsedAt.put(where, System.nanoTime());
    }
  }

  /**
   * Stops watching {@code idle.kind()} in {@code idle.namespace()}, unless a reconcile asked for it since
   * {@link #idleOutside}; reads there are uncached again, and a later track there starts it anew.
   *
   * @return whether it was released
   */
  synchronized boolean releaseOutside(Outside idle) {
    Where where = idle.where();
    Long usedAt = outsideUsedAt.get(where);
    Map<Class<?>, InformerGroup<?>> groups = outside.get(idle.namespace());
    if (groups == null || usedAt != null && usedAt != idle.usedAt()) {
      return false;
    }
    InformerGroup<?> group = groups.remove(idle.kind());
    if (group == null) {
      return false;
    }
    if (groups.isEmpty()) {
      outside.remove(idle.namespace());
    }
    outsideUsedAt.remove(where);
    unbind(group);
    informers.release(group);
    return true;
  }

  /** The namespace strategy. */
  NamespaceStrategy strategy() {
    return strategy;
  }

  /** Serves reads of {@code kind} in {@code namespace} from {@code group} once it synced; releases it on failure. */
  private synchronized void outsideStarted(Class<?> kind, String namespace, InformerGroup<?> group,
      @Nullable Throwable error) {
    Map<Class<?>, InformerGroup<?>> starting = outsideStarting.get(namespace);
    if (starting == null || starting.get(kind) != group) {
      return; // stopped meanwhile: stop() released it
    }
    starting.remove(kind);
    String where = namespace + "/" + kind.getName();
    if (error == null) {
      outside.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(kind, group);
      outsideRetryAt.remove(where);
      return;
    }
    unbind(group);
    informers.release(group);
    outsideRetryAt.put(where, System.nanoTime() + syncTimeout.toNanos());
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    LOG.warn("Cannot watch {} in namespace {} for objects tracked there (reads there stay uncached; tried again "
        + "after {}): {}", kind.getSimpleName(), namespace, syncTimeout,
        cause instanceof java.util.concurrent.TimeoutException ? "not synced within " + syncTimeout
            : String.valueOf(cause.getMessage()));
  }

  /** Removes the handlers bound to {@code group}. */
  private void unbind(InformerGroup<?> group) {
    bound.removeIf(b -> {
      if (b.group() == group) {
        b.remove();
        return true;
      }
      return false;
    });
  }

  /** Whether {@code kind} is watched. */
  synchronized boolean watches(Class<?> kind) {
    return kinds.contains(kind);
  }

  /** Binds a handler to every group of {@code kind}, now and in namespaces added later. */
  synchronized <T extends HasMetadata> void bind(Class<T> kind, Function<Class<T>, ResourceEventHandler<T>> handler,
      Duration resync) {
    Binder<T> binder = new Binder<>(kind, handler, resync);
    binders.computeIfAbsent(kind, k -> new ArrayList<>()).add(binder);
    groupsOf(kind).forEach(group -> attach(binder, group));
    for (Map<String, Map<Class<?>, InformerGroup<?>>> groupsOutside : List.of(outside, outsideStarting)) {
      groupsOutside.values().forEach(groups -> {
        InformerGroup<?> group = groups.get(kind);
        if (group != null) {
          attach(binder, group);
        }
      });
    }
  }

  /**
   * Starts every group and waits for them to sync: the lists of all kinds are sent at once (no worker runs yet, so
   * nothing reads the caches meanwhile); the waits take the kinds other than {@code last} first.
   */
  synchronized void start(Class<?> last) {
    scopedGroups().forEach(InformerGroup::startAsync);
    for (InformerGroup<?> group : scopedGroups()) {
      if (group.type() != last) {
        group.start(syncTimeout);
      }
    }
    for (InformerGroup<?> group : scopedGroups()) {
      if (group.type() == last) {
        group.start(syncTimeout);
      }
    }
    started = true;
  }

  /**
   * Starts one kind's groups (a kind watched after start, for the tracker) and waits for them to sync, without
   * holding the scopes' lock: reconciles of other keys read their caches meanwhile.
   */
  void start(Class<? extends HasMetadata> kind, boolean ignored) {
    List<InformerGroup<?>> groups;
    synchronized (this) {
      groups = List.copyOf(groupsOf(kind));
    }
    groups.forEach(group -> group.start(syncTimeout));
  }

  /** Removes every handler and releases every group. */
  synchronized void stop() {
    started = false;
    bound.forEach(Bound::remove);
    bound.clear();
    List<InformerGroup<?>> groups = allGroups();
    namespaced.values().forEach(Map::clear);
    clusterScoped.clear();
    outside.clear();
    outsideStarting.clear(); // first: stopping a group still starting completes its start, which must find nothing
    outsideRetryAt.clear();
    outsideUsedAt.clear();
    groups.forEach(informers::release);
  }

  /**
   * Adds a namespace: acquires its groups and binds its handlers, then starts them and waits for them to sync
   * without holding the scopes' lock (reconciles in the other namespaces read their caches meanwhile).
   */
  void addNamespace(String namespace, Class<?> startLast) {
    List<InformerGroup<?>> groups;
    Map<Class<?>, InformerGroup<?>> added = new LinkedHashMap<>();
    synchronized (this) {
      if (strategy != NamespaceStrategy.EXTENDABLE) {
        throw new IllegalStateException("namespaces can be added only with the EXTENDABLE strategy, not "
            + strategy);
      }
      if (namespaced.containsKey(ALL)) {
        throw new IllegalStateException("the controller watches all namespaces already");
      }
      if (namespace.isBlank()) {
        throw new IllegalArgumentException("a namespace must not be blank");
      }
      if (namespaced.containsKey(namespace)) {
        return;
      }
      namespaced.put(namespace, added);
      for (Class<? extends HasMetadata> kind : kinds) {
        if (isNamespaced(kind)) {
          InformerGroup<?> group = acquire(kind, namespace);
          added.put(kind, group);
          binders.getOrDefault(kind, List.of()).forEach(binder -> attachUnchecked(binder, group));
        }
      }
      if (!started) {
        return;
      }
      groups = List.copyOf(added.values());
      syncing.add(added);
    }
    // one after another: workers run, so the parent's kind must not list before its children's caches synced
    try {
      groups.stream().filter(g -> g.type() != startLast).forEach(g -> g.start(syncTimeout));
      groups.stream().filter(g -> g.type() == startLast).forEach(g -> g.start(syncTimeout));
    } catch (RuntimeException e) {
      synchronized (this) {
        // not half added: a later attempt starts over (unless the namespace was removed and added again meanwhile)
        if (namespaced.get(namespace) == added) {
          removeNamespace(namespace);
        }
      }
      throw e;
    } finally {
      synchronized (this) {
        syncing.remove(added);
      }
    }
  }

  /** Removes a namespace: unbinds its handlers and releases its groups. */
  synchronized void removeNamespace(String namespace) {
    if (strategy != NamespaceStrategy.EXTENDABLE) {
      throw new IllegalStateException("namespaces can be removed only with the EXTENDABLE strategy, not " + strategy);
    }
    Map<Class<?>, InformerGroup<?>> groups = namespaced.remove(namespace);
    if (groups == null) {
      return;
    }
    groups.values().forEach(this::unbind);
    groups.values().forEach(informers::release);
  }

  /** The namespaces watched; empty for all. */
  synchronized List<String> namespaces() {
    return namespaced.containsKey(ALL) ? List.of() : List.copyOf(namespaced.keySet());
  }

  /** Whether every namespace is watched. */
  synchronized boolean allNamespaces() {
    return namespaced.containsKey(ALL);
  }

  /** Whether {@code namespace} (null: a cluster-scoped object) is watched. */
  synchronized boolean covers(@Nullable String namespace) {
    return namespace == null || namespaced.containsKey(ALL) || namespaced.containsKey(namespace);
  }

  /** The cached object itself, without a copy; empty outside the watched namespaces. */
  @SuppressWarnings("unchecked")
  synchronized <T extends HasMetadata> Optional<T> getShared(Class<T> kind, ResourceKey key) {
    InformerGroup<T> group = (InformerGroup<T>) groupFor(kind, key.namespace());
    return group == null ? Optional.empty() : group.getShared(key);
  }

  /** A cache of {@code kind} over every scope, following the strategy for namespaces outside them. */
  <T extends HasMetadata> ResourceCache<T> cache(Class<T> kind) {
    return new ScopedCache<>(kind);
  }

  /**
   * Whether the scopes' informers synced (those watching tracked objects outside them, and those of a namespace
   * being added, do not count).
   */
  synchronized boolean hasSynced() {
    return settledGroups().stream().allMatch(InformerGroup::hasSynced);
  }

  /**
   * Whether the scopes' informers watch (those watching tracked objects outside them, and those of a namespace
   * being added, do not count).
   */
  synchronized boolean isWatching() {
    return settledGroups().stream().allMatch(InformerGroup::isWatching);
  }

  synchronized Set<Class<? extends HasMetadata>> kinds() {
    return Set.copyOf(kinds);
  }

  private @Nullable InformerGroup<?> groupFor(Class<?> kind, @Nullable String namespace) {
    if (!isNamespaced(kind)) {
      return clusterScoped.get(kind);
    }
    Map<Class<?>, InformerGroup<?>> groups = namespaced.containsKey(ALL) ? namespaced.get(ALL)
        : namespace == null ? null : namespaced.get(namespace);
    return groups == null ? null : groups.get(kind);
  }

  private List<InformerGroup<?>> groupsOf(Class<?> kind) {
    List<InformerGroup<?>> groups = new ArrayList<>();
    if (!isNamespaced(kind)) {
      InformerGroup<?> group = clusterScoped.get(kind);
      if (group != null) {
        groups.add(group);
      }
      return groups;
    }
    namespaced.values().forEach(scope -> {
      InformerGroup<?> group = scope.get(kind);
      if (group != null) {
        groups.add(group);
      }
    });
    return groups;
  }

  /** The groups of the watched namespaces and of cluster-scoped kinds. */
  private List<InformerGroup<?>> scopedGroups() {
    List<InformerGroup<?>> groups = new ArrayList<>();
    namespaced.values().forEach(scope -> groups.addAll(scope.values()));
    groups.addAll(clusterScoped.values());
    return groups;
  }

  /** The scopes' groups but those of namespaces being added: what the controller's health answers for. */
  private List<InformerGroup<?>> settledGroups() {
    List<InformerGroup<?>> groups = new ArrayList<>();
    namespaced.values().stream().filter(scope -> !syncing.contains(scope))
        .forEach(scope -> groups.addAll(scope.values()));
    groups.addAll(clusterScoped.values());
    return groups;
  }

  /** Every group held: the scopes', and those outside them, synced or starting. */
  private List<InformerGroup<?>> allGroups() {
    List<InformerGroup<?>> groups = scopedGroups();
    outside.values().forEach(scope -> groups.addAll(scope.values()));
    outsideStarting.values().forEach(scope -> groups.addAll(scope.values()));
    return groups;
  }

  private InformerGroup<?> acquire(Class<? extends HasMetadata> kind, String namespace) {
    return informers.acquire(kind, namespace.equals(ALL) ? List.of() : List.of(namespace), labels(kind));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void attachUnchecked(Binder<?> binder, InformerGroup<?> group) {
    attach((Binder) binder, (InformerGroup) group);
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> void attach(Binder<T> binder, InformerGroup<?> group) {
    InformerGroup<T> typed = (InformerGroup<T>) group;
    ResourceEventHandler<T> handler = binder.handler().apply(binder.kind());
    typed.addHandler(handler, binder.resync());
    bound.add(new Bound<>(typed, handler));
  }

  private static boolean isNamespaced(Class<?> kind) {
    return Namespaced.class.isAssignableFrom(kind);
  }

  private record Binder<T extends HasMetadata>(Class<T> kind, Function<Class<T>, ResourceEventHandler<T>> handler,
      Duration resync) {}

  private record Bound<T extends HasMetadata>(InformerGroup<T> group, ResourceEventHandler<T> handler) {
    void remove() {
      group.removeHandler(handler);
    }
  }

  /** Reads over every scope; outside them, as the strategy says. */
  private final class ScopedCache<T extends HasMetadata> implements ResourceCache<T> {

    private final Class<T> kind;

    ScopedCache(Class<T> kind) {
      this.kind = kind;
    }

    @Override
    public Optional<T> get(ResourceKey key) {
      InformerGroup<T> tracked = outsideGroup(key.namespace());
      if (tracked != null) {
        return tracked.get(key);
      }
      if (!covers(key.namespace())) {
        return outside(key.namespace()) ? Optional.ofNullable(
            client.resources(kind).inNamespace(key.namespace()).withName(key.name()).get()).filter(this::selected)
            : Optional.empty();
      }
      @SuppressWarnings("unchecked")
      InformerGroup<T> group;
      synchronized (Scopes.this) {
        group = (InformerGroup<T>) groupFor(kind, key.namespace());
      }
      return group == null ? Optional.empty() : group.get(key);
    }

    @Override
    public List<T> list(@Nullable String namespace) {
      InformerGroup<T> tracked = outsideGroup(namespace);
      if (tracked != null) {
        return tracked.list(namespace);
      }
      if (namespace != null && !covers(namespace)) {
        if (!outside(namespace)) {
          return List.of();
        }
        var operation = client.resources(kind).inNamespace(namespace);
        return (labels().isEmpty() ? operation.list() : operation.withLabels(labels()).list()).getItems();
      }
      List<T> items = new ArrayList<>();
      for (InformerGroup<?> group : groups()) {
        @SuppressWarnings("unchecked")
        InformerGroup<T> typed = (InformerGroup<T>) group;
        items.addAll(typed.list(namespace));
      }
      return items;
    }

    @Override
    public List<T> controlledBy(String ownerUid) {
      List<T> items = new ArrayList<>();
      for (InformerGroup<?> group : groups()) {
        @SuppressWarnings("unchecked")
        InformerGroup<T> typed = (InformerGroup<T>) group;
        items.addAll(typed.controlledBy(ownerUid));
      }
      return items;
    }

    @Override
    public boolean hasSynced() {
      return groups().stream().allMatch(InformerGroup::hasSynced);
    }

    @Override
    public Map<String, String> labels() {
      return Scopes.this.labels(kind);
    }

    /** Whether an object read past the informers carries the labels the cache holds objects with. */
    private boolean selected(T object) {
      Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
          : object.getMetadata().getLabels();
      return labels().entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }

    /** The group started for tracked objects in {@code namespace} outside the scopes, if any. */
    @SuppressWarnings("unchecked")
    private @Nullable InformerGroup<T> outsideGroup(@Nullable String namespace) {
      if (namespace == null) {
        return null;
      }
      synchronized (Scopes.this) {
        return (InformerGroup<T>) outside.getOrDefault(namespace, Map.of()).get(kind);
      }
    }

    private List<InformerGroup<?>> groups() {
      synchronized (Scopes.this) {
        return groupsOf(kind);
      }
    }

    /** Whether a read outside the watched namespaces goes to the API server; throws under STRICT/EXTENDABLE. */
    private boolean outside(@Nullable String namespace) {
      if (strategy == NamespaceStrategy.ADHOC) {
        return true;
      }
      throw new IllegalArgumentException("Namespace " + namespace + " is not watched (strategy " + strategy
          + "); watched: " + namespaces());
    }
  }
}
