package dev.maestro.core;

import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.condition.ConditionUpdater;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * State shared by the steps of one reconcile of one parent: made fresh for every reconcile, never reused.
 *
 * <p>It carries the parent's {@link #key() key}, a typed {@link #stash() stash}, the {@link #conditions()
 * condition updater} whose result becomes the parent's status conditions, the fabric8 {@link #client() client},
 * {@link #cache(Class) caches} of every type the controller watches, and a {@link #log() logger} whose lines carry
 * the controller, the key and a reconcile id in the MDC ({@code maestro.controller}, {@code maestro.key},
 * {@code maestro.reconcileId}).
 *
 * @param <P> the parent resource type
 */
public final class ReconcileContext<P extends HasMetadata> {

  private final String controller;
  private final ResourceKey key;
  private final String reconcileId;
  private final KubernetesClient client;
  private final Stash stash;
  private final ConditionUpdater conditions;
  private final Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches;
  private final Logger log;
  private final long generation;
  private final dev.maestro.core.event.@org.jspecify.annotations.Nullable EventRecorder events;
  private final dev.maestro.core.tracker.Tracker.@org.jspecify.annotations.Nullable Session tracks;
  private final OwnWrites ownWrites;

  /**
   * Made by the framework for each reconcile, and by tests of single steps.
   *
   * @param caches looks up the cache of a watched type; throws for a type the controller does not watch
   */
  public ReconcileContext(String controller, ResourceKey key, String reconcileId, long generation,
      KubernetesClient client, Stash stash, ConditionUpdater conditions,
      Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Logger log) {
    this(controller, key, reconcileId, generation, client, stash, conditions, caches, log, null);
  }

  /**
   * Made by the framework for each reconcile, with the controller's event recorder (null: events are off).
   *
   * @param caches looks up the cache of a watched type; throws for a type the controller does not watch
   */
  public ReconcileContext(String controller, ResourceKey key, String reconcileId, long generation,
      KubernetesClient client, Stash stash, ConditionUpdater conditions,
      Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Logger log,
      dev.maestro.core.event.@org.jspecify.annotations.Nullable EventRecorder events) {
    this(controller, key, reconcileId, generation, client, stash, conditions, caches, log, events, null);
  }

  /**
   * Made by the framework for each reconcile, with the controller's event recorder and this reconcile's tracker
   * session (null: tracking is off).
   */
  public ReconcileContext(String controller, ResourceKey key, String reconcileId, long generation,
      KubernetesClient client, Stash stash, ConditionUpdater conditions,
      Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Logger log,
      dev.maestro.core.event.@org.jspecify.annotations.Nullable EventRecorder events,
      dev.maestro.core.tracker.Tracker.@org.jspecify.annotations.Nullable Session tracks) {
    this(controller, key, reconcileId, generation, client, stash, conditions, caches, log, events, tracks,
        OwnWrites.NONE);
  }

  /**
   * Made by the framework for each reconcile, with the controller's event recorder, this reconcile's tracker session
   * and where {@link #recordOwnWrite(HasMetadata)} reports the objects steps wrote.
   */
  public ReconcileContext(String controller, ResourceKey key, String reconcileId, long generation,
      KubernetesClient client, Stash stash, ConditionUpdater conditions,
      Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches, Logger log,
      dev.maestro.core.event.@org.jspecify.annotations.Nullable EventRecorder events,
      dev.maestro.core.tracker.Tracker.@org.jspecify.annotations.Nullable Session tracks,
      OwnWrites ownWrites) {
    this.ownWrites = Objects.requireNonNull(ownWrites, "ownWrites");
    this.events = events;
    this.tracks = tracks;
    this.controller = Objects.requireNonNull(controller, "controller");
    this.key = Objects.requireNonNull(key, "key");
    this.reconcileId = Objects.requireNonNull(reconcileId, "reconcileId");
    this.generation = generation;
    this.client = Objects.requireNonNull(client, "client");
    this.stash = Objects.requireNonNull(stash, "stash");
    this.conditions = Objects.requireNonNull(conditions, "conditions");
    this.caches = Objects.requireNonNull(caches, "caches");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The name of the controller running this reconcile. */
  public String controller() {
    return controller;
  }

  /** The parent's namespace and name. */
  public ResourceKey key() {
    return key;
  }

  /** A short id unique to this reconcile, also in the MDC as {@code maestro.reconcileId}. */
  public String reconcileId() {
    return reconcileId;
  }

  /**
   * Tells the controller that this reconcile wrote {@code written}, as the API server returned it (with its new
   * resourceVersion). The informer event that reports exactly that version of a child then triggers no second
   * reconcile of the parent: this reconcile has seen it already. Child steps report their creates and updates; a
   * step that writes children with the client itself may report them too (it is only an optimisation: without it
   * the parent is reconciled once more and finds nothing to do).
   */
  public void recordOwnWrite(HasMetadata written) {
    ownWrites.record(written);
  }

  /**
   * Whether the informer has not reported {@code written}, recorded with {@link #recordOwnWrite(HasMetadata)}, yet:
   * until it has, a cache that does not show the write is behind rather than showing a later change (a delete, say).
   * True when the controller keeps no such record (a context made by a test).
   */
  public boolean ownWriteAwaitsEvent(HasMetadata written) {
    return ownWrites.awaitsEvent(written);
  }

  /** Where a controller keeps the objects its reconciles wrote until the informers report them. */
  public interface OwnWrites {

    /** Keeps nothing: every write counts as not yet reported. */
    OwnWrites NONE = new OwnWrites() {
      @Override
      public void record(HasMetadata written) {}

      @Override
      public boolean awaitsEvent(HasMetadata written) {
        return true;
      }
    };

    /** Remembers {@code written}, as the API server returned it. */
    void record(HasMetadata written);

    /** Whether {@code written} was recorded and its informer event has not arrived yet. */
    boolean awaitsEvent(HasMetadata written);
  }

  /** The fabric8 client, for writes; read through {@link #cache(Class)} instead of GETs. */
  public KubernetesClient client() {
    return client;
  }

  /** Values the steps of this reconcile leave for each other. */
  public Stash stash() {
    return stash;
  }

  /** The conditions that will be written to the parent's status after the steps ran. */
  public ConditionUpdater conditions() {
    return conditions;
  }

  /**
   * Adds or replaces a condition on the parent, Conductor-style; its observedGeneration is the parent's
   * generation when the template leaves it empty.
   */
  public ReconcileContext<P> addCondition(Condition condition) {
    Long observed = condition.getObservedGeneration() != null ? condition.getObservedGeneration() : generation;
    conditions.update(condition.getType(), ConditionStatus.parse(condition.getStatus()), observed,
        condition.getReason(), condition.getMessage());
    return this;
  }

  /** Adds or replaces a condition computed from the parent's current generation. */
  public ReconcileContext<P> setCondition(String type, ConditionStatus status, String reason, String message) {
    conditions.update(type, status, generation, reason, message);
    return this;
  }

  /**
   * The informer cache of {@code type}.
   *
   * @throws IllegalArgumentException when the controller does not watch {@code type}; declare it with
   *     {@code ControllerBuilder.watchesOwned} or {@code ControllerBuilder.caches}
   */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ResourceCache<T> cache(Class<T> type) {
    return (ResourceCache<T>) caches.apply(type);
  }

  /**
   * Typed custom state shared by the steps of this reconcile (Conductor's custom state): the instance of
   * {@code type}, made by {@code initial} on first use.
   */
  public <T> T state(Class<T> type, java.util.function.Supplier<T> initial) {
    StashKey<T> key = StashKey.of("state:" + type.getName(), type);
    return stash.get(key).orElseGet(() -> {
      T value = initial.get();
      stash.put(key, value);
      return value;
    });
  }

  /**
   * Records an event about the parent through the controller's recorder (aggregated, rate limited, never
   * failing); does nothing when the controller records no events.
   */
  public void event(HasMetadata about, dev.maestro.core.event.EventType type, String reason, String message) {
    if (events != null) {
      events.record(about, type, reason, message);
    }
  }

  /**
   * Tracks the object of {@code kind} at {@code key} for this parent and reads it from the cache: when it is
   * created, changed or deleted, the parent is reconciled again. Its informer starts on first use (that first call
   * waits for it to sync).
   *
   * @return the object, if it exists
   */
  public <T extends HasMetadata> java.util.Optional<T> track(Class<T> kind, ResourceKey key) {
    requireTracker().track(kind, key);
    return cache(kind).get(key);
  }

  /**
   * Tracks every object of {@code kind} in {@code namespace} (null: every watched namespace) carrying
   * {@code labels}, and reads them from the cache.
   */
  public <T extends HasMetadata> java.util.List<T> trackSelector(Class<T> kind,
      @org.jspecify.annotations.Nullable String namespace, java.util.Map<String, String> labels) {
    requireTracker().trackSelector(kind, namespace, labels);
    return cache(kind).list(namespace).stream().filter(item -> {
      java.util.Map<String, String> have = item.getMetadata().getLabels() == null ? java.util.Map.of()
          : item.getMetadata().getLabels();
      return labels.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }).toList();
  }

  private dev.maestro.core.tracker.Tracker.Session requireTracker() {
    if (tracks == null) {
      throw new IllegalStateException("this context has no tracker: it was not made by a controller");
    }
    return tracks;
  }

  /** A logger whose lines carry the controller, key and reconcile id in the MDC. */
  public Logger log() {
    return log;
  }
}
