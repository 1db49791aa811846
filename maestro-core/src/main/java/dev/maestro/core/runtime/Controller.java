package dev.maestro.core.runtime;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.tracker.Tracker;
import dev.maestro.core.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A running controller for one parent type: informers feed keys into a {@link WorkQueue}, a bounded pool of
 * workers takes keys and runs the {@link ResourceReconciler}, and the outcome decides what happens to the key
 * next.
 *
 * <ul>
 *   <li>success: the key's backoff is reset; a requested requeue-after is scheduled;</li>
 *   <li>409 Conflict: retried with the key's backoff (starting at milliseconds), logged at debug only;</li>
 *   <li>a permanent {@link dev.maestro.core.ReconcileException}: reported, not retried;</li>
 *   <li>any other error: logged with the key, retried with the key's exponential backoff.</li>
 * </ul>
 *
 * <p>{@link #start()} returns once every informer has synced and the workers run. {@link #stop(Duration)} stops
 * taking keys, waits up to the timeout for reconciles in flight, interrupts what is left, and stops the
 * informers. Under a {@link LeaderElection} the controller starts its informers but reconciles only while its
 * replica leads: standing by, it keeps its caches warm and its queue filled, and takes no key.
 * Built by {@link ControllerBuilder}.
 *
 * @param <P> the parent resource type
 */
public final class Controller<P extends HasMetadata> {

  private final String name;
  private final Class<P> type;
  private final ControllerOptions options;
  private final Scopes scopes;
  private final @org.jspecify.annotations.Nullable Map<String, String> namespaceSelector;
  private final WorkQueue<ResourceKey> queue;
  private final WorkQueue.View<ResourceKey> queueView;
  private final ResourceReconciler<P> reconciler;
  private final Shard shard;
  private final Logger log;
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong requeues = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Map<ResourceKey, ReconcileError> failing = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<ResourceKey, Long> runningSince = new java.util.concurrent.ConcurrentHashMap<>();
  private final ReconcileObserver observer;
  private final java.time.Clock clock;
  private volatile java.time.@org.jspecify.annotations.Nullable Instant lastReconcile;
  private volatile @org.jspecify.annotations.Nullable ReconcileError lastError;
  private volatile @org.jspecify.annotations.Nullable ExecutorService workers;
  private volatile boolean started;
  private volatile boolean reconciling;
  /** Start, stop, lead and stand by, one at a time; never held by a reconcile, so draining cannot deadlock. */
  private final Object lifecycle = new Object();
  /** Bumped whenever workers start: a worker of an earlier pool that outlived its interrupt leaves its loop. */
  private final AtomicInteger workerGeneration = new AtomicInteger();
  private volatile boolean cachesStarted;
  private boolean released;
  private final Informers informers;
  private final java.util.Set<Class<?>> trackedKinds = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private io.fabric8.kubernetes.client.informers.@org.jspecify.annotations.Nullable SharedIndexInformer<
      io.fabric8.kubernetes.api.model.Namespace> namespaceInformer;
  private final java.util.concurrent.ScheduledExecutorService namespaceChanges =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "maestro-namespaces");
        thread.setDaemon(true);
        return thread;
      });
  /** Namespaces followed by label: the latest of each as its informer saw it (gone once deleted). */
  private final Map<String, io.fabric8.kubernetes.api.model.Namespace> latestNamespaces =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Namespaces whose add failed, with how many times in a row; a retry is scheduled for each. */
  private final Map<String, Integer> namespaceFailures = new java.util.concurrent.ConcurrentHashMap<>();
  /** The retry scheduled for each namespace whose add failed (one at a time). */
  private final Map<String, java.util.concurrent.ScheduledFuture<?>> namespaceRetries =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile @org.jspecify.annotations.Nullable Tracker tracker;
  /** Under ADHOC: how long an informer started outside the watched namespaces may go unused before it stops. */
  private Duration adhocIdleTimeout = Duration.ofMinutes(10);
  private java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledExecutorService outsideSweeper;
  /** The child types it manages (creates, updates, deletes). */
  private final java.util.Set<Class<? extends HasMetadata>> ownedTypes =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Closed when the controller stops: what its builder made for it alone (its own event recorder). */
  private final List<AutoCloseable> closeOnStop = new java.util.concurrent.CopyOnWriteArrayList<>();

  Controller(String name, Class<P> type, ControllerOptions options, Informers informers, Scopes scopes,
      java.util.function.Function<Controller<P>, ResourceReconciler<P>> reconciler, ReconcileObserver observer,
      java.util.function.BiPredicate<P, P> parentFilter, Duration resync,
      @org.jspecify.annotations.Nullable Map<String, String> namespaceSelector, Shard shard, Logger log) {
    this.name = name;
    this.shard = java.util.Objects.requireNonNull(shard, "shard");
    this.informers = informers;
    this.observer = observer;
    this.clock = options.clock();
    this.type = type;
    this.options = options;
    this.scopes = scopes;
    this.namespaceSelector = namespaceSelector;
    this.queue = new WorkQueue<>(name, options.retry());
    this.queueView = queue.view();
    this.log = log;
    this.reconciler = reconciler.apply(this);
    scopes.watch(type);
    // our own writes need no reconcile; a resync (same resourceVersion) always passes
    java.util.function.BiPredicate<P, P> notOurs = (before, after) ->
        java.util.Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
            || !this.reconciler.isOwnWrite(after);
    scopes.bind(type, kind -> new KeyHandler<>(resource -> List.of(ResourceKey.of(resource)),
        notOurs.and(parentFilter)), resync);
  }

  /** The cached parent itself (not a copy), when its namespace is watched. */
  java.util.Optional<P> sharedParent(ResourceKey key) {
    return scopes.getShared(type, key);
  }

  /**
   * Makes sure a kind the tracker follows is watched, starting its informer on first use, and routes its events
   * to the tracker.
   *
   * A track in a namespace outside the watched ones (NamespaceStrategy.ADHOC) starts an informer of the kind in
   * that namespace in the background, so that its changes reach the tracker too (and reads of it come from a cache
   * once it synced); it never waits for it.
   *
   * @return whether a tracker handler was already in place
   */
  <T extends HasMetadata> boolean track(Class<T> kind, @org.jspecify.annotations.Nullable String namespace,
      Map<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Tracker tracker) {
    boolean known;
    synchronized (this) {
      known = trackedKinds.contains(kind);
      if (!known) {
        track(kind, caches, tracker);
      }
    }
    if (cachesStarted) {
      // the kind's first sync, waited for without the controller's lock (at once once it synced); a wait that
      // timed out is waited for again by the next reconcile that tracks the kind, not read past
      scopes.start(kind, true);
    }
    if (namespace != null) {
      scopes.watchOutside(kind, namespace);
    }
    return known;
  }

  private <T extends HasMetadata> void track(Class<T> kind,
      Map<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Tracker tracker) {
    scopes.watch(kind);
    scopes.bind(kind, k -> new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T object) {
        tracker.changed(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        if (!java.util.Objects.equals(before.getMetadata().getResourceVersion(),
            after.getMetadata().getResourceVersion())) {
          tracker.changed(before, after);
        }
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        tracker.changed(object);
      }
    }, Duration.ZERO);
    caches.putIfAbsent(kind, scopes.cache(kind));
    // bound once: the informers retry their list, and their events reach the tracker once they do
    trackedKinds.add(kind);
  }

  /** Enqueues the parents {@code mapper} names for every event on a watched type. */
  <T extends HasMetadata> void watch(Class<T> kind,
      java.util.function.Function<? super T, ? extends java.util.Collection<ResourceKey>> mapper) {
    scopes.watch(kind);
    scopes.bind(kind, k -> new KeyHandler<T>(resource -> List.copyOf(mapper.apply(resource)), (a, b) -> true),
        Duration.ZERO);
  }

  /** Connects the controller to {@code tracker}. */
  void connect(Tracker tracker, Map<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches) {
    this.tracker = tracker;
    tracker.register(name, this::enqueue, (kind, namespace) -> track(kind, namespace, caches, tracker));
  }

  /**
   * Whether the controller takes no more keys: its queue paused (this replica lost its Lease) or shut down (it
   * stops). A reconcile still running then writes nothing more.
   */
  boolean halted() {
    return queue.isPaused() || queue.isShutDown();
  }

  /** Enqueues the owning parent of every event on a watched type (controller owner references only). */
  <T extends HasMetadata> void watchOwned(Class<T> children, String parentApiVersion, String parentKind) {
    ownedTypes.add(children);
    // a cluster-scoped parent may own namespaced children: its key has no namespace, whatever the child's
    boolean namespacedParent = io.fabric8.kubernetes.api.model.Namespaced.class.isAssignableFrom(type);
    java.util.function.Function<T, List<ResourceKey>> owners = child -> {
      List<ResourceKey> keys = new ArrayList<>(1);
      for (OwnerReference owner : child.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(owner.getController()) && parentKind.equals(owner.getKind())
            && sameGroup(parentApiVersion, owner.getApiVersion())) {
          keys.add(new ResourceKey(namespacedParent ? child.getMetadata().getNamespace() : null, owner.getName()));
        }
      }
      Map<String, String> annotations = child.getMetadata().getAnnotations();
      String controller = annotations == null ? null : annotations.get(ResourceCache.CONTROLLER_ANNOTATION);
      if (keys.isEmpty() && controller != null && controller.startsWith(parentKind + "/")) {
        keys.add(ResourceKey.parse(controller.substring(parentKind.length() + 1)));
      }
      return keys;
    };
    scopes.watch(children);
    scopes.bind(children, k -> new OwnedHandler<>(owners), Duration.ZERO);
  }

  /**
   * Starts the informers, waits for them to sync, then starts the workers.
   *
   * @throws IllegalStateException when an informer cannot start or sync in time; nothing is left running
   */
  public void start() {
    synchronized (lifecycle) {
      if (started) {
        return;
      }
      startCaches();
      started = true;
      startWorkers();
      log.info("Started controller {} for {} in {} with {} workers", name, type.getSimpleName(), scope(),
          options.concurrency());
    }
  }

  /**
   * Starts the informers and waits for them to sync, but reconciles nothing until {@link #lead()}: events fill the
   * queue, no key is taken. For a replica that is not (yet) the leader.
   *
   * @throws IllegalStateException when an informer cannot start or sync in time; nothing is left running
   */
  void startStandingBy() {
    synchronized (lifecycle) {
      if (started) {
        return;
      }
      startCaches();
      queue.pause();
      started = true;
      log.info("Started controller {} for {} in {}; standing by until this replica leads", name,
          type.getSimpleName(), scope());
    }
  }

  /**
   * Starts reconciling on a controller that stands by: every cached parent is queued (the replica that led before
   * may have left any of them half done), then the workers start. Does nothing when the controller is stopped or
   * already reconciling.
   */
  void lead() {
    synchronized (lifecycle) {
      if (!started || reconciling) {
        return;
      }
      for (P parent : parents().list(null)) {
        enqueue(ResourceKey.of(parent));
      }
      queue.resume();
      startWorkers();
      log.info("Controller {} reconciles with {} workers: this replica leads", name, options.concurrency());
    }
  }

  /**
   * Stops reconciling and stands by: no key is taken any more, reconciles in flight get {@code timeout} to finish
   * and are then interrupted; the informers keep running and events keep filling the queue.
   *
   * @return true when every reconcile in flight finished within the timeout
   */
  boolean standBy(Duration timeout) {
    synchronized (lifecycle) {
      if (!reconciling) {
        // a worker may still be finishing a reconcile it was interrupted in
        return awaitInFlight(timeout);
      }
      queue.pause();
      boolean drained = stopWorkers(timeout);
      log.info("Controller {} stands by: this replica no longer leads", name);
      return drained;
    }
  }

  /**
   * Interrupts the reconciles in flight now, without waiting and without taking the lifecycle lock (a drain may be
   * holding it): for a replica that has just lost its Lease, with its queue already paused.
   */
  void interruptReconciles() {
    ExecutorService pool = workers;
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Waits up to {@code timeout} for the reconciles in flight; false when some are still running then. */
  private boolean awaitInFlight(Duration timeout) {
    try {
      return queue.awaitInFlight(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String scope() {
    String namespaces = namespaceSelector != null ? "namespaces labelled " + namespaceSelector
        : scopes.namespaces().isEmpty() ? "all namespaces" : "namespaces " + scopes.namespaces();
    return shard.isSharded() ? namespaces + ", " + shard : namespaces;
  }

  private void startWorkers() {
    int generation = workerGeneration.get();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "maestro-" + name + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), factory);
    for (int i = 0; i < options.concurrency(); i++) {
      pool.execute(() -> work(generation));
    }
    workers = pool;
    reconciling = true;
  }

  /** Waits up to {@code timeout} for the reconciles in flight, then interrupts the workers; the queue takes none. */
  private boolean stopWorkers(Duration timeout) {
    reconciling = false;
    // a worker that outlives its interrupt leaves its loop instead of taking a key handed out after a resume
    workerGeneration.incrementAndGet();
    boolean drained = awaitInFlight(timeout);
    if (!drained) {
      log.warn("Controller {}: {} reconcile(s) still running after {}; interrupting them", name, queue.inFlight(),
          timeout);
    }
    ExecutorService pool = workers;
    if (pool != null) {
      pool.shutdownNow();
      try {
        drained &= pool.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        drained = false;
      }
    }
    workers = null;
    return drained;
  }

  /**
   * Starts the informers and waits for them to sync, without starting workers: for tests that drive reconciles
   * themselves with {@link #reconcileOnce(ResourceKey)}. {@link #start()} calls it.
   *
   * @throws IllegalStateException when an informer cannot start or sync in time; nothing is left running
   */
  public synchronized void startCaches() {
    if (cachesStarted) {
      return;
    }
    if (released) {
      throw new IllegalStateException("Controller " + name + " was stopped; build a new one to run again");
    }
    try {
      scopes.start(type);
      if (namespaceSelector != null) {
        watchNamespaces(namespaceSelector);
      }
    } catch (RuntimeException e) {
      stopCaches();
      throw e;
    }
    cachesStarted = true;
    if (scopes.strategy() == NamespaceStrategy.ADHOC) {
      outsideSweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "maestro-" + name + "-adhoc");
        thread.setDaemon(true);
        return thread;
      });
      long period = Math.max(100, Math.min(adhocIdleTimeout.toMillis() / 2, 60_000));
      outsideSweeper.scheduleWithFixedDelay(this::releaseIdleOutside, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reconciles {@code key} once, now, in the calling thread, exactly as a worker would, but without touching the
   * work queue: for tests. Do not call it for a key a running worker may be reconciling.
   *
   * @return the result of the steps
   * @throws RuntimeException the error of the reconcile, after status was written
   */
  public Result reconcileOnce(ResourceKey key) {
    if (!cachesStarted) {
      throw new IllegalStateException("Controller " + name + ": call startCaches() or start() first");
    }
    String reconcileId = newReconcileId();
    MDC.put("maestro.controller", name);
    MDC.put("maestro.key", key.toString());
    MDC.put("maestro.reconcileId", reconcileId);
    try {
      return reconciler.reconcile(key, reconcileId, ReconcileObserver.Observation.NOOP);
    } finally {
      MDC.remove("maestro.controller");
      MDC.remove("maestro.key");
      MDC.remove("maestro.reconcileId");
    }
  }

  /**
   * A fresh context for {@code parent}, as a reconcile would make it, with the controller's caches and clock: for
   * tests that run one step directly.
   */
  public ReconcileContext<P> newContext(P parent) {
    return reconciler.newContext(parent, newReconcileId());
  }

  private synchronized void stopCaches() {
    if (released) {
      return;
    }
    if (namespaceInformer != null) {
      namespaceInformer.stop();
    }
    namespaceChanges.shutdownNow();
    if (outsideSweeper != null) {
      outsideSweeper.shutdownNow();
    }
    scopes.stop();
    if (tracker != null) {
      tracker.unregister(name);
    }
    for (AutoCloseable resource : closeOnStop) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Controller {} could not close {} on stop: {}", name, resource, e.getMessage(), e);
      }
    }
    released = true;
    cachesStarted = false;
  }

  /**
   * Stops the controller: no new keys are taken, reconciles in flight get {@code timeout} to finish, then the
   * workers are interrupted and the informers stopped.
   *
   * @return true when every reconcile in flight finished within the timeout
   */
  public boolean stop(Duration timeout) {
    synchronized (lifecycle) {
      if (!started) {
        stopCaches();
        return true;
      }
      started = false;
      queue.shutDown();
      boolean drained = reconciling ? stopWorkers(timeout) : awaitInFlight(timeout);
      stopCaches();
      log.info("Stopped controller {}", name);
      return drained;
    }
  }

  /** Stops with the controller's configured shutdown timeout. */
  public boolean stop() {
    return stop(options.shutdownTimeout());
  }

  /**
   * Asks for a reconcile of {@code key} now (deduplicated with any pending one). A key of another replica's shard
   * ({@link #owns(ResourceKey)}) is ignored.
   */
  public void enqueue(ResourceKey key) {
    if (!shard.owns(key)) {
      return;
    }
    long before = queue.adds();
    queue.add(key);
    if (queue.adds() != before) {
      try {
        observer.keyQueued(name);
      } catch (RuntimeException | Error e) {
        observerFailed("keyQueued", key, e);
      }
    }
  }

  /**
   * Waits until the events this controller recorded so far have been sent: events go out from the recorder's own
   * thread, after the reconcile that recorded them (for tests that look at them).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean flushEvents(Duration timeout) {
    dev.maestro.core.event.EventRecorder events = reconciler.events();
    return events == null || events.flush(timeout);
  }

  /** Sets how long an informer started for a track outside the watched namespaces (ADHOC) may go unused. */
  void adhocIdleTimeout(Duration timeout) {
    this.adhocIdleTimeout = timeout;
  }

  /**
   * Stops the informers started outside the watched namespaces (ADHOC) that no parent has tracked anything in for
   * the idle timeout: a tracked one counts as used whenever a sweep finds it tracked, so it stops about that long
   * after its last track went. Asks the tracker outside the scopes' lock, and only about informers idle that long.
   */
  private void releaseIdleOutside() {
    try {
      Tracker shared = tracker;
      for (Scopes.Outside idle : scopes.idleOutside(adhocIdleTimeout)) {
        if (shared != null && shared.tracks(name, idle.kind(), idle.namespace())) {
          // still tracked: the idle time counts from now, and the tracker is asked again only once it has passed
          scopes.touchOutside(idle);
          continue;
        }
        if (scopes.releaseOutside(idle)) {
          log.info("Controller {} no longer watches {} in namespace {}: nothing there has been tracked for {}", name,
              idle.kind().getSimpleName(), idle.namespace(), adhocIdleTimeout);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Controller {} could not release idle informers outside its namespaces: {}", name, e.getMessage(), e);
    }
  }

  /** Closes {@code resource} when the controller stops. */
  void closeOnStop(AutoCloseable resource) {
    closeOnStop.add(resource);
  }

  /** The part of the keys this controller reconciles; {@link Shard#ALL} unless built with a shard. */
  public Shard shard() {
    return shard;
  }

  /** Whether {@code key} belongs to this controller's shard, so that a request to reconcile it is taken. */
  public boolean owns(ResourceKey key) {
    return shard.owns(key);
  }

  /** The controller's name, unique within an application. */
  public String name() {
    return name;
  }

  /** The parent type. */
  public Class<P> type() {
    return type;
  }

  /** The options this controller runs with. */
  public ControllerOptions options() {
    return options;
  }

  /** Whether the controller has been started and not stopped (reconciling, or standing by for leadership). */
  public boolean isRunning() {
    return started;
  }

  /** Whether the controller's workers take keys: it runs and, under a {@link LeaderElection}, its replica leads. */
  public boolean isReconciling() {
    return reconciling;
  }

  /** Whether every informer of the controller has synced. */
  public boolean hasSynced() {
    return scopes.hasSynced() && (namespaceInformer == null || namespaceInformer.hasSynced());
  }

  /** Whether every informer's watch is connected. */
  public boolean isWatching() {
    return scopes.isWatching() && (namespaceInformer == null || namespaceInformer.isWatching());
  }

  /** The cache of parents. */
  public ResourceCache<P> parents() {
    return scopes.cache(type);
  }

  /**
   * Starts watching {@code namespace}: its informers start (this call waits for them to sync) and its parents are
   * reconciled. Needs the {@link NamespaceStrategy#EXTENDABLE} strategy.
   */
  public void addNamespace(String namespace) {
    scopes.addNamespace(namespace, type);
    log.info("Controller {} now watches namespace {}", name, namespace);
  }

  /**
   * Stops watching {@code namespace}: its informers stop (unless other controllers share them) and its parents are
   * no longer reconciled. Needs the {@link NamespaceStrategy#EXTENDABLE} strategy.
   */
  public void removeNamespace(String namespace) {
    scopes.removeNamespace(namespace);
    log.info("Controller {} no longer watches namespace {}", name, namespace);
  }

  /** Follows the namespaces whose labels include {@code selector}: adds them as they appear, removes them. */
  private void watchNamespaces(Map<String, String> selector) {
    java.util.function.Predicate<io.fabric8.kubernetes.api.model.Namespace> matches = ns -> {
      Map<String, String> labels = ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
      return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    };
    java.util.function.Consumer<io.fabric8.kubernetes.api.model.Namespace> follow = ns -> {
      latestNamespaces.put(ns.getMetadata().getName(), ns);
      namespaceChanges.execute(() -> followNamespace(ns.getMetadata().getName(), matches));
    };
    namespaceInformer = informers.client().namespaces().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(io.fabric8.kubernetes.api.model.Namespace ns) {
        follow.accept(ns);
      }

      @Override
      public void onUpdate(io.fabric8.kubernetes.api.model.Namespace before,
          io.fabric8.kubernetes.api.model.Namespace after) {
        follow.accept(after);
      }

      @Override
      public void onDelete(io.fabric8.kubernetes.api.model.Namespace ns, boolean finalStateUnknown) {
        latestNamespaces.remove(ns.getMetadata().getName());
        namespaceChanges.execute(() -> followNamespace(ns.getMetadata().getName(), matches));
      }
    });
  }

  /**
   * Adds or removes {@code namespace} as its latest state asks: followed while its labels match, a terminating one
   * included (its parents' cleanups must run so that their finalizers, and then the namespace, can go), until it is
   * deleted. An add that fails (its informers did not sync: RBAC not granted yet, an API server too slow) is tried
   * again with backoff, from 1 s up to 5 min, for as long as the namespace matches.
   */
  private void followNamespace(String namespace,
      java.util.function.Predicate<io.fabric8.kubernetes.api.model.Namespace> matches) {
    io.fabric8.kubernetes.api.model.Namespace latest = latestNamespaces.get(namespace);
    boolean wanted = latest != null && matches.test(latest);
    try {
      if (wanted && !scopes.covers(namespace)) {
        addNamespace(namespace);
      } else if (!wanted && scopes.covers(namespace)) {
        removeNamespace(namespace);
      }
      namespaceFailures.remove(namespace);
    } catch (RuntimeException e) {
      if (namespaceChanges.isShutdown() || !started) {
        return;
      }
      int failures = namespaceFailures.merge(namespace, 1, Integer::sum);
      long delayMillis = Math.min(Duration.ofMinutes(5).toMillis(), 1000L << Math.min(failures - 1, 20));
      log.warn("Controller {} could not follow namespace {} ({} time(s) in a row); trying again in {} ms: {}", name,
          namespace, failures, delayMillis, e.getMessage(), failures == 1 ? e : null);
      java.util.concurrent.ScheduledFuture<?> pending = namespaceRetries.get(namespace);
      if (pending != null && !pending.isDone()) {
        return; // one retry per namespace at a time, however many events failed meanwhile
      }
      try {
        namespaceRetries.put(namespace, namespaceChanges.schedule(() -> {
          namespaceRetries.remove(namespace);
          if (namespaceFailures.containsKey(namespace)) {
            followNamespace(namespace, matches);
          }
        }, delayMillis, TimeUnit.MILLISECONDS));
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the controller stops
      }
    }
  }

  /**
   * The work queue, read-only: its depth, keys in flight and retries. Ask for a reconcile with {@link #enqueue}
   * (which keeps to the controller's shard), never through the queue.
   */
  public WorkQueue.View<ResourceKey> queue() {
    return queueView;
  }

  /** Holds the queue's keys back while this replica stands by (leader election). */
  void pauseQueue() {
    queue.pause();
  }

  /** Reconciles run since start. */
  public long reconcileCount() {
    return reconciles.get();
  }

  /** Reconciles that ended in an error since start. */
  public long failureCount() {
    return failures.get();
  }

  private void work(int generation) {
    while (workerGeneration.get() == generation) {
      ResourceKey key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return;
      }
      if (workerGeneration.get() != generation) {
        // this worker's pool was stopped while it waited: the key goes back for the current workers
        queue.add(key);
        queue.done(key);
        return;
      }
      try {
        process(key);
      } finally {
        queue.done(key);
      }
    }
  }

  /**
   * Eight random hex digits naming one reconcile in logs and traces: unique enough to tell reconciles apart, and
   * cheaper than a UUID, whose secure random source would cost more than the rest of a converged reconcile.
   */
  private static String newReconcileId() {
    return Long.toHexString(0x1_0000_0000L | (java.util.concurrent.ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL))
        .substring(1);
  }

  private void process(ResourceKey key) {
    String reconcileId = newReconcileId();
    MDC.put("maestro.controller", name);
    MDC.put("maestro.key", key.toString());
    MDC.put("maestro.reconcileId", reconcileId);
    reconciles.incrementAndGet();
    runningSince.put(key, System.nanoTime());
    ReconcileObserver.Observation observation = observeStart(key);
    try {
      Result result = reconciler.reconcile(key, reconcileId, observation, queue.retries(key) + 1);
      lastReconcile = clock.instant();
      queue.forget(key);
      failing.remove(key);
      conflictsInARow.remove(key);
      if (result.requeue().isPresent()) {
        requeues.incrementAndGet();
        queue.addAfter(key, result.requeue().get());
      }
      observation.finished(result.requeue().isPresent() ? ReconcileObserver.Outcome.REQUEUE
          : ReconcileObserver.Outcome.SUCCESS, null);
    } catch (ResourceReconciler.Abandoned e) {
      // stopping, or no longer leading: a paused queue keeps the key for when this replica leads again
      queue.add(key);
      observation.finished(ReconcileObserver.Outcome.REQUEUE, null);
      log.info("Reconcile of {} was cut short (the controller stops or lost its lease); nothing more was written",
          key);
    } catch (RuntimeException e) {
      // visible before the error is: whoever sees the error also sees that a reconcile ended
      lastReconcile = clock.instant();
      failures.incrementAndGet();
      observation.finished(ReconcileObserver.Outcome.ERROR, e);
      handleFailure(key, e);
    } catch (Error e) {
      lastReconcile = clock.instant();
      failures.incrementAndGet();
      observation.finished(ReconcileObserver.Outcome.ERROR, e);
      // not rethrown: it would end this worker's loop for good, and the controller would stop reconciling
      Duration delay = retry(key);
      log.error("Reconcile of {} failed with an error; retrying in {} ms", key, delay.toMillis(), e);
    } finally {
      runningSince.remove(key);
      MDC.remove("maestro.controller");
      MDC.remove("maestro.key");
      MDC.remove("maestro.reconcileId");
    }
  }

  /** Conflicts in a row after which a key is reported failing (health, a warning) instead of retried quietly. */
  static final int CONFLICTS_BEFORE_WARNING = 10;

  /** Per key, the conflicts of its reconciles since the last success or other failure. */
  private final Map<ResourceKey, Integer> conflictsInARow = new java.util.concurrent.ConcurrentHashMap<>();

  private void handleFailure(ResourceKey key, RuntimeException error) {
    String reason = ResourceReconciler.Errors.reason(error);
    String message = ResourceReconciler.Errors.message(error);
    if (ResourceReconciler.Errors.isConflict(error)) {
      Duration delay = retry(key);
      int inARow = conflictsInARow.merge(key, 1, Integer::sum);
      if (inARow < CONFLICTS_BEFORE_WARNING) {
        log.debug("Reconcile of {} hit a conflict (the cache was behind); retrying in {} ms", key, delay.toMillis());
      } else {
        // no longer a cache catching up: another writer keeps changing the object, or a create finds its name
        // taken (AlreadyExists) by something this controller cannot see
        failing.put(key, new ReconcileError(key, reason, message, clock.instant(), inARow));
        log.warn("Reconcile of {} hit a conflict {} times in a row ({}): {}; retry in {} ms", key, inARow, reason,
            message, delay.toMillis());
      }
      return;
    }
    conflictsInARow.remove(key);
    boolean firstFailure = !failing.containsKey(key);
    ReconcileError failure = new ReconcileError(key, reason, message, clock.instant(), queue.retries(key));
    lastError = failure;
    if (ResourceReconciler.Errors.isPermanent(error)) {
      queue.forget(key);
      failing.put(key, failure);
      log.warn("Reconcile of {} failed permanently ({}): {}; not retried until it changes", key, reason, message);
    } else {
      Duration delay = retry(key);
      failing.put(key, new ReconcileError(key, reason, message, failure.at(), queue.retries(key)));
      // the stack of an error no step raised on purpose (a bug: a NullPointerException, say) once, when it starts
      boolean unexpected = !(error instanceof dev.maestro.core.ReconcileException)
          && !(error instanceof io.fabric8.kubernetes.client.KubernetesClientException);
      log.warn("Reconcile of {} failed ({}): {}; retry {} in {} ms", key, reason, message, queue.retries(key),
          delay.toMillis(), log.isDebugEnabled() || (unexpected && firstFailure) ? error : null);
    }
  }

  private Duration retry(ResourceKey key) {
    Duration delay = queue.addRateLimited(key);
    retries.incrementAndGet();
    try {
      observer.retryScheduled(name, key, delay);
    } catch (RuntimeException | Error e) {
      observerFailed("retryScheduled", key, e);
    }
    return delay;
  }

  /** The observation of a reconcile of {@code key}, guarded: what the (user's) observer throws never fails it. */
  private ReconcileObserver.Observation observeStart(ResourceKey key) {
    try {
      return guarded(key, "", observer.reconcileStarted(name, key, queue.waited(key)));
    } catch (RuntimeException | Error e) {
      observerFailed("reconcileStarted", key, e);
      return ReconcileObserver.Observation.NOOP;
    }
  }

  /**
   * Logs a failure of the (user's) observer with the key, and goes on: observing is never a reason to fail, skip or
   * retry a reconcile. Only the JVM's own errors (out of memory and the like) propagate.
   */
  private void observerFailed(String hook, ResourceKey key, Throwable error) {
    if (ResourceReconciler.Errors.isFatal(error)) {
      throw (Error) error;
    }
    log.warn("Controller {}: the reconcile observer failed in {} for {}; ignored: {}", name, hook, key,
        ResourceReconciler.Errors.message(error), error);
  }

  /** {@code delegate}, guarded; NOOP stays NOOP, so that a controller without an observer does not wrap its steps. */
  private ReconcileObserver.Observation guarded(ResourceKey key, String hook,
      ReconcileObserver.@org.jspecify.annotations.Nullable Observation delegate) {
    return delegate == null || delegate == ReconcileObserver.Observation.NOOP ? ReconcileObserver.Observation.NOOP
        : new GuardedObservation(key, hook, delegate);
  }

  /** An observation whose failures, and those of its step observations, are logged with the key and ignored. */
  private final class GuardedObservation implements ReconcileObserver.Observation {

    private final ResourceKey key;
    /** What came before this observation's hooks in a log line: empty, or {@code step(name).}. */
    private final String hook;
    private final ReconcileObserver.Observation delegate;

    private GuardedObservation(ResourceKey key, String hook, ReconcileObserver.Observation delegate) {
      this.key = key;
      this.hook = hook;
      this.delegate = delegate;
    }

    @Override
    public ReconcileObserver.Observation step(String step) {
      try {
        return guarded(key, hook + "step(" + step + ").", delegate.step(step));
      } catch (RuntimeException | Error e) {
        observerFailed(hook + "step(" + step + ")", key, e);
        return ReconcileObserver.Observation.NOOP;
      }
    }

    @Override
    public void finished(ReconcileObserver.Outcome outcome, @org.jspecify.annotations.Nullable Throwable error) {
      try {
        delegate.finished(outcome, error);
      } catch (RuntimeException | Error e) {
        observerFailed(hook + "finished", key, e);
      }
    }
  }

  /** Reconciles that ended with a requeue-after since start. */
  public long requeueCount() {
    return requeues.get();
  }

  /** Retries scheduled since start (conflicts included). */
  public long retryCount() {
    return retries.get();
  }

  /** When the last reconcile ended, if any did. */
  public java.util.Optional<java.time.Instant> lastReconcileTime() {
    return java.util.Optional.ofNullable(lastReconcile);
  }

  /** The last error of any resource, if any. */
  public java.util.Optional<ReconcileError> lastError() {
    return java.util.Optional.ofNullable(lastError);
  }

  /** The resources whose last reconcile failed, with their error; a success removes a resource. */
  public Map<ResourceKey, ReconcileError> failingKeys() {
    return Map.copyOf(failing);
  }

  /** How long the longest reconcile in flight has been running; zero when none runs. */
  public Duration longestRunning() {
    long now = System.nanoTime();
    return runningSince.values().stream().map(since -> Duration.ofNanos(now - since))
        .max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** The namespaces watched; empty for all. */
  public List<String> namespaces() {
    return scopes.namespaces();
  }

  /**
   * The RBAC rules this controller needs (see {@link Permissions}): read and watch every kind it caches (a kind it
   * tracks once a reconcile tracked it), manage the kinds it owns, write its parents' status, patch its parents for
   * its finalizer, update their {@code finalizers} subresource (an owner reference that blocks the owner's deletion
   * needs it), record events, and follow namespaces under a namespace selector. What steps send through
   * {@code context.client()} themselves is theirs to add.
   */
  public List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> policyRules() {
    List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = new ArrayList<>();
    java.util.Set<Class<? extends HasMetadata>> owned = java.util.Set.copyOf(ownedTypes);
    rules.add(Permissions.rule(type, null, owned.contains(type) ? Permissions.MANAGE
        : reconciler.hasFinalizer() ? List.of("get", "list", "watch", "patch") : Permissions.READ));
    if (reconciler.writesStatus()) {
      rules.add(Permissions.rule(type, "status", List.of("patch")));
    }
    if (!owned.isEmpty()) {
      rules.add(Permissions.rule(type, "finalizers", List.of("update")));
    }
    for (Class<? extends HasMetadata> kind : watchedTypes()) {
      rules.add(Permissions.rule(kind, null, owned.contains(kind) ? Permissions.MANAGE : Permissions.READ));
    }
    if (reconciler.events() != null) {
      rules.add(Permissions.rule("", "events", List.of("get", "create", "patch")));
    }
    if (namespaceSelector != null) {
      rules.add(Permissions.rule("", "namespaces", List.of("list", "watch")));
    }
    return Permissions.merge(rules);
  }

  /** The labels of the only objects of {@code kind} this controller caches (its label selector); empty: all. */
  public Map<String, String> labelsOf(Class<? extends HasMetadata> kind) {
    return scopes.labels(kind);
  }

  /** The types watched besides the parent type. */
  public java.util.Set<Class<? extends HasMetadata>> watchedTypes() {
    java.util.Set<Class<? extends HasMetadata>> kinds = new java.util.LinkedHashSet<>(scopes.kinds());
    kinds.remove(type);
    return kinds;
  }

  private static boolean sameGroup(String a, String b) {
    int slashA = a.lastIndexOf('/');
    int slashB = b.lastIndexOf('/');
    return (slashA < 0 ? "" : a.substring(0, slashA)).equals(slashB < 0 ? "" : b.substring(0, slashB));
  }

  /**
   * Enqueues the parents of owned children on every event, except the event that reports exactly a child our own
   * reconcile wrote ({@link ChildWrites}): that reconcile has seen it. A resync (same resourceVersion) passes.
   */
  private final class OwnedHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final java.util.function.Function<T, List<ResourceKey>> owners;

    OwnedHandler(java.util.function.Function<T, List<ResourceKey>> owners) {
      this.owners = owners;
    }

    @Override
    public void onAdd(T child) {
      enqueueOwnersBut(child, reconciler.childWrites().consume(child));
    }

    @Override
    public void onUpdate(T before, T after) {
      boolean resync = java.util.Objects.equals(before.getMetadata().getResourceVersion(),
          after.getMetadata().getResourceVersion());
      enqueueOwnersBut(after, resync ? null : reconciler.childWrites().consume(after));
      if (!resync) {
        // a parent whose controller reference was taken off the child has lost it: it must hear of that too
        List<ResourceKey> lost = owners.apply(before);
        if (!lost.isEmpty()) {
          lost.removeAll(owners.apply(after));
          lost.forEach(Controller.this::enqueue);
        }
      }
    }

    private void enqueueOwnersBut(T child, @org.jspecify.annotations.Nullable ResourceKey writer) {
      for (ResourceKey owner : owners.apply(child)) {
        if (!owner.equals(writer)) {
          enqueue(owner);
        }
      }
    }

    @Override
    public void onDelete(T child, boolean finalStateUnknown) {
      reconciler.childWrites().forget(child);
      owners.apply(child).forEach(Controller.this::enqueue);
    }
  }

  /** Maps informer events to keys and enqueues them; updates only when {@code filter} lets them through. */
  private final class KeyHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final java.util.function.Function<T, List<ResourceKey>> keys;
    private final java.util.function.BiPredicate<T, T> filter;

    KeyHandler(java.util.function.Function<T, List<ResourceKey>> keys, java.util.function.BiPredicate<T, T> filter) {
      this.keys = keys;
      this.filter = filter;
    }

    @Override
    public void onAdd(T resource) {
      keysOf(resource).forEach(Controller.this::enqueue);
    }

    @Override
    public void onUpdate(T before, T after) {
      if (passes(before, after)) {
        keysOf(after).forEach(Controller.this::enqueue);
      }
    }

    @Override
    public void onDelete(T resource, boolean finalStateUnknown) {
      keysOf(resource).forEach(Controller.this::enqueue);
    }

    /** The keys {@code resource} maps to; none, logged with its key, when the (user's) mapper throws. */
    private List<ResourceKey> keysOf(T resource) {
      try {
        return keys.apply(resource);
      } catch (RuntimeException e) {
        log.warn("Controller {} could not map the event of {} {} to the resources it reconciles: {}", name,
            resource.getKind(), ResourceKey.of(resource), ResourceReconciler.Errors.message(e), e);
        return List.of();
      }
    }

    /** Whether the (user's) filter lets the update through; when it throws, it does: a reconcile too many is safe. */
    private boolean passes(T before, T after) {
      try {
        return filter.test(before, after);
      } catch (RuntimeException e) {
        log.warn("Controller {}: the event filter failed on {} {}; reconciling it anyway: {}", name,
            after.getKind(), ResourceKey.of(after), ResourceReconciler.Errors.message(e), e);
        return true;
      }
    }
  }
}
