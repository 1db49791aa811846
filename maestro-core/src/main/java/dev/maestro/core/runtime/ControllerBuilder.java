package dev.maestro.core.runtime;

import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Sequence;
import dev.maestro.core.Step;
import dev.maestro.core.status.StatusPolicy;
import dev.maestro.core.status.StatusWriter;
import dev.maestro.core.tracker.Tracker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Controller} for one parent type, in the spirit of Conductor's {@code ForParent(...)}: name the
 * parent type, give a client, register steps in the order they run, then {@link #build()}.
 *
 * <pre>{@code
 * Controller<Greeting> controller = Maestro.forParent(Greeting.class)
 *     .withClient(client)
 *     .inNamespaces("team-a")
 *     .watchesOwned(ConfigMap.class)
 *     .register(validate)
 *     .register(configMap)
 *     .build();
 * controller.start();
 * }</pre>
 *
 * {@link #build()} validates everything it can, so misconfiguration fails before anything runs.
 *
 * @param <P> the parent resource type
 */
public final class ControllerBuilder<P extends HasMetadata> {

  private final Class<P> type;
  private @Nullable String name;
  private @Nullable KubernetesClient client;
  private @Nullable Logger logger;
  private List<String> namespaces = ControllerOptions.DEFAULT.namespaces();
  private int concurrency = ControllerOptions.DEFAULT.concurrency();
  private RetryPolicy retry = ControllerOptions.DEFAULT.retry();
  private Duration shutdownTimeout = ControllerOptions.DEFAULT.shutdownTimeout();
  private Duration syncTimeout = ControllerOptions.DEFAULT.syncTimeout();
  private Clock clock = ControllerOptions.DEFAULT.clock();
  private StatusPolicy statusPolicy = StatusPolicy.DEFAULT;
  private ReconcileObserver observer = ReconcileObserver.NOOP;
  private dev.maestro.core.condition.@Nullable ConditionSet conditionSet;
  private dev.maestro.core.status.StatusCustomizer<P> statusCustomizer = new dev.maestro.core.status.StatusCustomizer<>() {};
  private boolean events = true;
  private dev.maestro.core.event.@Nullable EventRecorder eventRecorder;
  private dev.maestro.core.event.ConditionEventVerbosity conditionEvents =
      dev.maestro.core.event.ConditionEventVerbosity.NONE;
  private final List<Step<P>> steps = new ArrayList<>();
  private final Set<Class<? extends HasMetadata>> owned = new LinkedHashSet<>();
  private final Set<Class<? extends HasMetadata>> cached = new LinkedHashSet<>();
  private final Map<Class<? extends HasMetadata>,
      java.util.function.Function<? extends HasMetadata, ? extends Collection<ResourceKey>>> mappers =
      new LinkedHashMap<>();
  private @Nullable Informers informers;
  private @Nullable Tracker tracker;
  private @Nullable String finalizer;
  private NamespaceStrategy strategy = NamespaceStrategy.STRICT;
  private @Nullable Map<String, String> namespaceSelector;
  private java.util.function.BiPredicate<P, P> parentFilter = EventFilters.ignoreStatusOnlyChanges();
  private Duration resync = Duration.ofHours(10);
  private Shard shard = Shard.ALL;
  private Duration adhocIdleTimeout = Duration.ofMinutes(10);
  private Map<String, String> labelSelector = Map.of();
  private Map<String, String> childLabels = Map.of();

  /** Use {@link dev.maestro.core.Maestro#forParent(Class)}. */
  public ControllerBuilder(Class<P> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The controller's name, unique in the application; defaults to the parent's plural, e.g. {@code greetings}. */
  public ControllerBuilder<P> named(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The client the controller reads and writes through (required). */
  public ControllerBuilder<P> withClient(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** The logger of reconciles; defaults to one named {@code dev.maestro.controller.<name>}. */
  public ControllerBuilder<P> withLogger(Logger logger) {
    this.logger = Objects.requireNonNull(logger, "logger");
    return this;
  }

  /** Watches only these namespaces; none means all namespaces. */
  public ControllerBuilder<P> inNamespaces(String... namespaces) {
    return inNamespaces(List.of(namespaces));
  }

  /** Watches only these namespaces; an empty collection means all namespaces. */
  public ControllerBuilder<P> inNamespaces(Collection<String> namespaces) {
    this.namespaces = List.copyOf(new LinkedHashSet<>(namespaces));
    return this;
  }

  /** How reads of namespaces the controller does not watch are treated, and whether namespaces can change. */
  public ControllerBuilder<P> withNamespaceStrategy(NamespaceStrategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    return this;
  }

  /**
   * Watches the namespaces whose labels include {@code labels}, following them as they are created, relabelled
   * and deleted (implies the {@link NamespaceStrategy#EXTENDABLE} strategy; needs list and watch on Namespaces).
   */
  public ControllerBuilder<P> inNamespacesLabelled(Map<String, String> labels) {
    this.namespaceSelector = Map.copyOf(labels);
    this.strategy = NamespaceStrategy.EXTENDABLE;
    this.namespaces = List.of();
    return this;
  }

  /** How many keys are reconciled at once. */
  public ControllerBuilder<P> withConcurrency(int concurrency) {
    this.concurrency = concurrency;
    return this;
  }

  /**
   * Splits the keys across replicas: this controller reconciles only the keys of {@code shard} and ignores the
   * others' events (its caches still hold every resource). {@link Shard#ALL}, the default, reconciles every key.
   */
  public ControllerBuilder<P> withShard(Shard shard) {
    this.shard = Objects.requireNonNull(shard, "shard");
    return this;
  }

  /** How failed reconciles are retried. */
  public ControllerBuilder<P> withRetry(RetryPolicy retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  /** How long a stop waits for reconciles in flight. */
  public ControllerBuilder<P> withShutdownTimeout(Duration timeout) {
    this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** How long a start waits for the informers' first list. */
  public ControllerBuilder<P> withSyncTimeout(Duration timeout) {
    this.syncTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** The clock of condition transition times (tests). */
  public ControllerBuilder<P> withClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Which status fields Maestro maintains. */
  public ControllerBuilder<P> withStatus(StatusPolicy policy) {
    this.statusPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Watches the controller's reconciles (metrics, tracing); several observers combine with
   * {@link ReconcileObserver#composite(List)}. */
  public ControllerBuilder<P> withObserver(ReconcileObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /** Derives {@code Ready} from dependent conditions the steps set, instead of from success alone. */
  public ControllerBuilder<P> withConditionSet(dev.maestro.core.condition.ConditionSet conditionSet) {
    this.conditionSet = Objects.requireNonNull(conditionSet, "conditionSet");
    return this;
  }

  /** Phase, custom status update and the status-conditions handler. */
  public ControllerBuilder<P> withStatusCustomizer(dev.maestro.core.status.StatusCustomizer<P> customizer) {
    this.statusCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * The recorder of the controller's events; by default one reporting as the controller's name, closed when the
   * controller stops. Events are recorded for errors that change the status, and for condition changes at
   * {@link #withConditionEvents}. A recorder given here may be shared by several controllers: close it yourself
   * once they stopped.
   */
  public ControllerBuilder<P> withEventRecorder(dev.maestro.core.event.EventRecorder recorder) {
    this.eventRecorder = Objects.requireNonNull(recorder, "recorder");
    this.events = true;
    return this;
  }

  /** Turns all events of this controller off (or back on). */
  public ControllerBuilder<P> withEvents(boolean enabled) {
    this.events = enabled;
    return this;
  }

  /** How condition changes become events; {@code NONE} by default. */
  public ControllerBuilder<P> withConditionEvents(dev.maestro.core.event.ConditionEventVerbosity verbosity) {
    this.conditionEvents = Objects.requireNonNull(verbosity, "verbosity");
    return this;
  }

  /** Takes every option of {@code options} (namespaces, concurrency, retry, timeouts, clock). */
  public ControllerBuilder<P> withOptions(ControllerOptions options) {
    return inNamespaces(options.namespaces()).withConcurrency(options.concurrency()).withRetry(options.retry())
        .withShutdownTimeout(options.shutdownTimeout()).withSyncTimeout(options.syncTimeout())
        .withClock(options.clock());
  }

  /**
   * Watches a child type: every change of an object whose controller owner reference points at a parent of this
   * controller enqueues that parent, and steps can read the type through {@code context.cache(type)}.
   */
  public ControllerBuilder<P> watchesOwned(Class<? extends HasMetadata> childType) {
    owned.add(Objects.requireNonNull(childType, "childType"));
    return this;
  }

  /**
   * Under {@link NamespaceStrategy#ADHOC}: how long an informer started for objects tracked outside the watched
   * namespaces is kept once no parent tracks anything of its kind there (10 minutes by default); it then stops, and
   * reads there are uncached until something tracks there again.
   */
  public ControllerBuilder<P> withAdhocIdleTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be positive: " + timeout);
    }
    this.adhocIdleTimeout = timeout;
    return this;
  }

  /**
   * Reconciles only the parents that carry {@code labels} (every one of them, with these values): the parent's
   * informers list and watch with this label selector, so the others are neither cached nor reconciled. A parent
   * that loses a label leaves the cache as if deleted (its children and the controller's finalizer stay: it is no
   * longer this controller's); one that gains them is reconciled.
   */
  public ControllerBuilder<P> withLabelSelector(Map<String, String> labels) {
    this.labelSelector = checkedLabels(labels);
    return this;
  }

  /**
   * Puts {@code labels} on every child this controller's child steps create or update, and caches only the objects
   * of the owned types that carry them: a controller that owns ConfigMaps then keeps its own in memory, not every
   * ConfigMap of the namespaces it watches. Every object of an owned type that a step reads through
   * {@code context.cache(type)} or tracks must carry them too (an owned type cannot also be given to
   * {@link #caches} or {@link #watches}: build() says so). Children of an earlier version of the operator, made
   * without them, are invisible to the cache: when a child step's create finds one (409 AlreadyExists), it reads it
   * (one GET) and labels it if this parent controls it, or fails with {@code NotOwned} (reported in the status,
   * retried with backoff) if not. A label of the same key that a step sets is overwritten.
   */
  public ControllerBuilder<P> withChildLabels(Map<String, String> labels) {
    this.childLabels = checkedLabels(labels);
    return this;
  }

  private static Map<String, String> checkedLabels(Map<String, String> labels) {
    String problem = Labels.problem(Objects.requireNonNull(labels, "labels"));
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return Map.copyOf(labels);
  }

  /**
   * Watches {@code type} and reconciles the parents {@code mapper} names for each of its events (create, update,
   * delete): "Secrets labelled x → the parents named in their annotation", say. Steps can read the type through
   * {@code context.cache(type)}.
   */
  public <T extends HasMetadata> ControllerBuilder<P> watches(Class<T> type,
      java.util.function.Function<? super T, ? extends Collection<ResourceKey>> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    java.util.function.Function<T, Collection<ResourceKey>> typed = resource -> List.copyOf(mapper.apply(resource));
    mappers.put(Objects.requireNonNull(type, "type"), typed);
    return this;
  }

  /**
   * The finalizer put on parents when a step has a cleanup; by default {@code <API group>/finalizer} (for a core
   * type, {@code maestro.dev/<controller name>}).
   */
  public ControllerBuilder<P> withFinalizer(String finalizer) {
    if (finalizer == null || !finalizer.contains("/")) {
      throw new IllegalArgumentException("a finalizer is a qualified name like 'example.com/cleanup': " + finalizer);
    }
    this.finalizer = finalizer;
    return this;
  }

  private String finalizerName(String controllerName) {
    if (finalizer != null) {
      return finalizer;
    }
    String group = HasMetadata.getGroup(type);
    return group == null || group.isEmpty() ? "maestro.dev/" + controllerName : group + "/finalizer";
  }

  /** Shares a tracker with other controllers (the application's tracker bean); by default one of its own. */
  public ControllerBuilder<P> withTracker(Tracker tracker) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    return this;
  }

  /** Shares informers with other controllers and users (the application's {@link Informers}). */
  public ControllerBuilder<P> withInformers(Informers informers) {
    this.informers = Objects.requireNonNull(informers, "informers");
    return this;
  }

  /**
   * Which parent updates cause a reconcile; {@link EventFilters#ignoreStatusOnlyChanges()} by default, so that
   * status writes (Maestro's own among them) do not.
   */
  public ControllerBuilder<P> withParentFilter(java.util.function.BiPredicate<P, P> filter) {
    this.parentFilter = Objects.requireNonNull(filter, "filter");
    return this;
  }

  /** How often every parent is reconciled even without a change; 10 hours by default, zero for never. */
  public ControllerBuilder<P> withResync(Duration resync) {
    if (resync.isNegative()) {
      throw new IllegalArgumentException("resync must not be negative: " + resync);
    }
    this.resync = resync;
    return this;
  }

  /** Caches a type for steps to read through {@code context.cache(type)}, without enqueueing anything. */
  public ControllerBuilder<P> caches(Class<? extends HasMetadata> type) {
    cached.add(Objects.requireNonNull(type, "type"));
    return this;
  }

  /**
   * Adds a step; steps run in the order they are registered. The child types of a step that
   * {@linkplain dev.maestro.core.OwnsChildren owns children} are watched as by {@link #watchesOwned}.
   */
  public ControllerBuilder<P> register(Step<P> step) {
    steps.add(Objects.requireNonNull(step, "step"));
    return this;
  }

  /**
   * Two child steps of one child type, one of them claiming every controlled child of the type ({@code ourChild}
   * not overridden), would delete each other's children on every reconcile, for ever: refused at build time.
   */
  private void refuseChildStepsThatClaimEachOthersChildren() {
    Map<Class<? extends HasMetadata>, List<dev.maestro.core.child.AbstractChildStep<?, ?>>> byType =
        new java.util.LinkedHashMap<>();
    java.util.ArrayDeque<Step<?>> pending = new java.util.ArrayDeque<>(steps);
    while (!pending.isEmpty()) {
      Step<?> step = pending.pop();
      pending.addAll(dev.maestro.core.Steps.innerSteps(step));
      if (step instanceof dev.maestro.core.child.AbstractChildStep<?, ?> child) {
        byType.computeIfAbsent(child.childType(), k -> new ArrayList<>()).add(child);
      }
    }
    byType.forEach((childType, childSteps) -> {
      if (childSteps.size() > 1
          && childSteps.stream().anyMatch(dev.maestro.core.child.AbstractChildStep::claimsEveryChildOfItsType)) {
        throw new IllegalArgumentException("Steps " + childSteps.stream().map(Step::name).toList() + " all manage "
            + childType.getSimpleName() + " children of one parent, and "
            + childSteps.stream().filter(dev.maestro.core.child.AbstractChildStep::claimsEveryChildOfItsType)
                .map(Step::name).toList()
            + " take every one the parent controls for their own: each would delete the others' as extras. Override"
            + " ourChild(parent, child) in each to tell its own children apart");
      }
    });
  }

  /** Adds steps, in order. */
  public ControllerBuilder<P> register(Collection<? extends Step<P>> steps) {
    steps.forEach(this::register);
    return this;
  }

  /**
   * Builds the controller; nothing runs until {@link Controller#start()}.
   *
   * @throws IllegalArgumentException when the type is not a Kubernetes resource, its status cannot hold what the
   *     status policy writes, or an option is invalid
   * @throws IllegalStateException when no client was given
   */
  public Controller<P> build() {
    KubernetesClient kubernetes = client;
    if (kubernetes == null) {
      throw new IllegalStateException("Controller for " + type.getName() + " needs a client: call withClient(...)");
    }
    String apiVersion = requireResource(type);
    String kind = HasMetadata.getKind(type);
    String controllerName = name != null ? name : HasMetadata.getPlural(type);
    ControllerOptions options = new ControllerOptions(namespaces, concurrency, retry, shutdownTimeout, syncTimeout,
        clock);
    if (!options.namespaces().isEmpty() && !Namespaced.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is cluster-scoped; it cannot be watched in namespaces "
          + options.namespaces());
    }
    StatusWriter.verify(type, statusPolicy, kubernetes.getKubernetesSerialization());
    Logger log = logger != null ? logger : LoggerFactory.getLogger("dev.maestro.controller." + controllerName);

    Informers registry = informers != null ? informers : new Informers(kubernetes);
    if (registry.client() != kubernetes) {
      throw new IllegalArgumentException("the shared Informers must use the controller's client");
    }
    if (namespaceSelector != null && (strategy != NamespaceStrategy.EXTENDABLE || !options.namespaces().isEmpty())) {
      throw new IllegalArgumentException("a namespace label selector needs the EXTENDABLE strategy and no namespace "
          + "list");
    }
    Scopes scopes = new Scopes(registry, options.namespaces(), strategy, syncTimeout, namespaceSelector != null);
    for (Step<P> step : steps) {
      if (step instanceof dev.maestro.core.OwnsChildren children) {
        owned.addAll(children.childTypes());
      }
    }
    refuseChildStepsThatClaimEachOthersChildren();
    if (!labelSelector.isEmpty()) {
      scopes.select(type, labelSelector);
    }
    if (!childLabels.isEmpty()) {
      if (owned.isEmpty()) {
        throw new IllegalArgumentException("child labels are set, but the controller owns no child type");
      }
      if (owned.contains(type)) {
        throw new IllegalArgumentException(type.getName() + " owns children of its own type; child labels would "
            + "also select the parents");
      }
      for (Class<? extends HasMetadata> child : owned) {
        if (cached.contains(child) || mappers.containsKey(child)) {
          throw new IllegalArgumentException(child.getName() + " is owned with child labels, which cache only the "
              + "labelled ones, and also read or watched for other objects (caches(...) or watches(...)): drop the "
              + "child labels, or read those objects another way");
        }
        scopes.select(child, childLabels);
      }
    }
    Set<Class<? extends HasMetadata>> others = union(owned, cached);
    others.addAll(mappers.keySet());
    others.remove(type);
    Map<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches =
        new java.util.concurrent.ConcurrentHashMap<>();
    for (Class<? extends HasMetadata> other : others) {
      requireResource(other);
      scopes.watch(other);
      caches.put(other, scopes.cache(other));
    }
    Tracker sharedTracker = tracker != null ? tracker : new Tracker();
    caches.put(type, scopes.cache(type));
    Step<P> pipeline = Sequence.of(controllerName, steps);
    StatusWriter<P> statusWriter = new StatusWriter<>(kubernetes, type, statusPolicy);
    dev.maestro.core.event.EventRecorder recorder = !events ? null
        : eventRecorder != null ? eventRecorder : new dev.maestro.core.event.EventRecorder(kubernetes, controllerName);
    StatusOptions<P> statusOptions = new StatusOptions<>(conditionSet, statusCustomizer, recorder, conditionEvents,
        true);
    Controller<P> controller = new Controller<>(controllerName, type, options, registry, scopes,
        self -> new ResourceReconciler<>(controllerName, self::sharedParent, self::halted, pipeline, statusWriter,
            kubernetes,
            cacheType -> {
              ResourceCache<? extends HasMetadata> cache = caches.get(cacheType);
              if (cache == null) {
                throw new IllegalArgumentException("Controller " + controllerName + " does not watch "
                    + cacheType.getName() + ": declare it with watchesOwned(...) or caches(...)");
              }
              return cache;
            }, clock, statusOptions, sharedTracker,
            ((dev.maestro.core.HasCleanup<?>) pipeline).hasCleanup() ? finalizerName(controllerName) : null, log),
        observer, parentFilter, resync, namespaceSelector, shard, log);
    for (Class<? extends HasMetadata> child : owned) {
      controller.watchOwned(child, apiVersion, kind);
    }
    controller.adhocIdleTimeout(adhocIdleTimeout);
    if (recorder != null && recorder != eventRecorder) {
      // made for this controller alone: its pending events are sent when it stops
      controller.closeOnStop(recorder);
    }
    mappers.forEach((watchedType, mapper) -> watchMapped(controller, watchedType, mapper));
    controller.connect(sharedTracker, caches);
    return controller;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void watchMapped(Controller<?> controller, Class<? extends HasMetadata> kind,
      java.util.function.Function<? extends HasMetadata, ? extends Collection<ResourceKey>> mapper) {
    controller.watch((Class) kind, (java.util.function.Function) mapper);
  }

  private static Set<Class<? extends HasMetadata>> union(Set<Class<? extends HasMetadata>> a,
      Set<Class<? extends HasMetadata>> b) {
    Set<Class<? extends HasMetadata>> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** The apiVersion of {@code type}, or an error saying why it is not a Kubernetes resource. */
  static String requireResource(Class<?> type) {
    if (!HasMetadata.class.isAssignableFrom(type) || type.isInterface()
        || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + " is not a Kubernetes resource: it must be a concrete "
          + "class implementing HasMetadata");
    }
    @SuppressWarnings("unchecked")
    Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
    String apiVersion = HasMetadata.getApiVersion(resource);
    if (apiVersion == null || apiVersion.isBlank() || apiVersion.startsWith("/") || apiVersion.endsWith("/")) {
      throw new IllegalArgumentException(type.getName() + " is not a Kubernetes resource: it has no API group and "
          + "version (annotate it with @Group and @Version)");
    }
    return apiVersion;
  }
}
