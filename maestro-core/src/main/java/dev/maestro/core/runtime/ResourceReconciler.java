package dev.maestro.core.runtime;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Sequence;
import dev.maestro.core.Stash;
import dev.maestro.core.Step;
import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.condition.ConditionUpdater;
import dev.maestro.core.condition.Conditions;
import dev.maestro.core.event.ConditionEvents;
import dev.maestro.core.event.EventRecorder;
import dev.maestro.core.status.ReconcileOutcome;
import dev.maestro.core.status.StatusWriter;
import dev.maestro.core.tracker.Tracker;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Reconciles one parent, by key, from the informer cache: the parent-level logic every controller shares.
 *
 * <ol>
 *   <li>Reads the parent from the cache; when it is gone there is nothing to do (owned children are collected by
 *       the garbage collector through their owner references).</li>
 *   <li>Leaves a parent that is being deleted alone (finalizer-driven cleanup comes before this in a later
 *       release).</li>
 *   <li>Runs the steps on a private deep copy of the parent with a fresh {@link ReconcileContext}.</li>
 *   <li>Sets {@code Ready}: True when every step succeeded (unless a step set it itself), False with the error's
 *       reason and message when one threw; sets observedGeneration; writes the status only when it changed.</li>
 *   <li>Rethrows the step's error after the status is written, so that the controller retries it.</li>
 * </ol>
 *
 * <p>A 409 Conflict is the one error not written to status: it only means the cache was behind, and the retry
 * that follows reads the fresh object.
 *
 * @param <P> the parent resource type
 */
final class ResourceReconciler<P extends HasMetadata> {

  /** Condition messages are capped well below the API's 32 KiB so that a stack-sized message stays readable. */
  private static final int MAX_MESSAGE = 1024;

  private final String controller;
  private final java.util.function.Function<ResourceKey, Optional<P>> parents;
  private final Step<P> steps;
  private final StatusWriter<P> status;
  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  private final Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches;
  private final Clock clock;
  private final Logger log;
  private final StatusOptions<P> options;
  private final Tracker tracker;
  /** Our finalizer when some step has a cleanup, else null. */
  private final @org.jspecify.annotations.Nullable String finalizer;
  private final Map<ResourceKey, OwnWrite<P>> ownWrites = new java.util.concurrent.ConcurrentHashMap<>();
  /** Whether the controller has stopped taking keys: it stops, or this replica lost its Lease. */
  private final java.util.function.BooleanSupplier halted;

  private final ChildWrites childWrites = new ChildWrites();

  ResourceReconciler(String controller, java.util.function.Function<ResourceKey, Optional<P>> parents,
      java.util.function.BooleanSupplier halted, Step<P> steps, StatusWriter<P> status,
      KubernetesClient client, Function<Class<? extends HasMetadata>, ResourceCache<? extends HasMetadata>> caches,
      Clock clock, StatusOptions<P> options, Tracker tracker, @org.jspecify.annotations.Nullable String finalizer,
      Logger log) {
    this.halted = halted;
    this.finalizer = finalizer;
    this.options = options;
    this.tracker = tracker;
    this.controller = controller;
    this.parents = parents;
    this.steps = steps;
    this.status = status;
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
    this.caches = caches;
    this.clock = clock;
    this.log = log;
  }

  /** The children this controller's reconciles wrote, whose own events need no reconcile. */
  ChildWrites childWrites() {
    return childWrites;
  }

  /** Whether the controller writes its parents' status. */
  boolean writesStatus() {
    return status.policy().enabled();
  }

  /** Whether some step has a cleanup, so that parents carry the controller's finalizer. */
  boolean hasFinalizer() {
    return finalizer != null;
  }

  /** The recorder of this controller's events; null when events are off. */
  @org.jspecify.annotations.Nullable EventRecorder events() {
    return options.events();
  }

  /**
   * Reconciles the parent with {@code key}.
   *
   * @return what the steps asked of the queue
   * @throws RuntimeException the first step error, after status was written
   */
  Result reconcile(ResourceKey key, String reconcileId, ReconcileObserver.Observation observation) {
    return reconcile(key, reconcileId, observation, 1);
  }

  /**
   * Reconciles the parent with {@code key}.
   *
   * @param attempt 1 for a first try, n for the (n-1)th retry in a row
   */
  Result reconcile(ResourceKey key, String reconcileId, ReconcileObserver.Observation observation, int attempt) {
    Optional<P> cached = parents.apply(key);
    if (cached.isEmpty()) {
      ownWrites.remove(key);
      tracker.forget(controller, key);
      log.debug("{} is gone; nothing to do", key);
      return Result.done();
    }
    P current = readYourWrite(key, cached.get());
    if (current.getMetadata().getDeletionTimestamp() != null) {
      return finalize(key, current, reconcileId);
    }
    if (finalizer != null && !current.getMetadata().getFinalizers().contains(finalizer)) {
      current = addFinalizer(key, current);
    }
    P working = dev.maestro.core.internal.DeepCopy.of(current, serialization);
    Long generation = working.getMetadata().getGeneration();
    Tracker.Session tracks = tracker.session(controller, key);
    List<Condition> before = status.conditionsOf(current);
    ReconcileContext<P> context = newContext(current, reconcileId, tracks, before);
    ConditionUpdater conditions = context.conditions();

    Result result = Result.done();
    RuntimeException failure = null;
    boolean completed = false;
    try {
      result = runSteps(context, working, observation);
      completed = true;
    } catch (RuntimeException e) {
      if (Errors.isConflict(e)) {
        throw e;
      }
      failure = e;
    } catch (Error e) {
      // a bug in a step (an assertion, a stack overflow, a class that failed to initialize) fails this parent only
      failure = Errors.asFailure(e);
      log.error("Reconcile of {} failed with {}", key, e, e);
    } finally {
      tracks.commit(completed);
    }
    abandonIfHalted(key, failure);

    boolean reported = failure == null || !tolerated(failure, attempt);
    if (failure == null) {
      if (options.conditionSet() != null) {
        options.conditionSet().apply(conditions, generation);
      } else if (!conditions.touched(Conditions.READY)) {
        conditions.update(Conditions.READY, ConditionStatus.TRUE, generation, Conditions.REASON_RECONCILED, "");
      }
    } else if (reported) {
      conditions.update(Conditions.READY, ConditionStatus.FALSE, generation, Errors.reason(failure),
          truncate(Errors.message(failure)));
    } else {
      // neither reported nor a success: the status stays as it was, observedGeneration included, since this
      // generation has not been reconciled yet
      log.debug("{} failed ({}), tolerated as transient on attempt {}", key, Errors.reason(failure), attempt);
      throw failure;
    }
    ReconcileOutcome outcome = new ReconcileOutcome(result, reported ? failure : null,
        conditions.conditions().conditions());
    try {
      options.customizer().conditions(context, working, outcome);
      options.customizer().update(working, outcome);
    } catch (RuntimeException e) {
      failure = Errors.combine(failure, e);
    }
    String phase = null; // null leaves the phase field alone
    try {
      phase = options.customizer().phase(working, outcome);
    } catch (RuntimeException | Error e) {
      RuntimeException error = Errors.asFailure(e);
      if (!outcome.failed()) {
        // nothing reported a failure yet: the phase's error is reported as a step's would be
        conditions.update(Conditions.READY, ConditionStatus.FALSE, generation, Errors.reason(error),
            truncate(Errors.message(error)));
        outcome = new ReconcileOutcome(result, error, conditions.conditions().conditions());
      }
      failure = Errors.combine(failure, error);
    }
    Map<String, Object> desired = status.desired(working, outcome, phase, clock.instant());
    abandonIfHalted(key, failure);
    Optional<P> written = status.write(current, desired);
    String baseVersion = current.getMetadata().getResourceVersion();
    written.ifPresent(after -> ownWrites.put(key, new OwnWrite<>(baseVersion, after)));
    if (written.isPresent()) {
      log.debug("Updated status of {}: Ready={}", key,
          conditions.get(Conditions.READY).map(c -> c.getStatus() + " (" + c.getReason() + ")").orElse("-"));
      recordEvents(written.get(), before, outcome);
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * A parent being deleted: when it carries our finalizer, runs the cleanups (reverse step order), then removes the
   * finalizer and writes nothing else; a cleanup result asking for a requeue keeps the finalizer and runs the
   * cleanups again after the delay; on failure the finalizer stays, Ready=False and a Warning event report it,
   * and the error propagates for a retry with backoff. Without our finalizer the parent is left alone.
   */
  private Result finalize(ResourceKey key, P current, String reconcileId) {
    if (finalizer == null || !current.getMetadata().getFinalizers().contains(finalizer)
        || !(steps instanceof dev.maestro.core.HasCleanup<?>)) {
      log.debug("{} is being deleted and carries no finalizer of ours; nothing to do", key);
      return Result.done();
    }
    @SuppressWarnings("unchecked")
    dev.maestro.core.HasCleanup<P> cleanups = (dev.maestro.core.HasCleanup<P>) steps;
    P working = dev.maestro.core.internal.DeepCopy.of(current, serialization);
    Tracker.Session tracks = tracker.session(controller, key);
    ReconcileContext<P> context = newContext(current, reconcileId, tracks);
    Result result;
    try {
      result = cleanups.cleanup(context, working);
    } catch (RuntimeException e) {
      if (Errors.isConflict(e)) {
        throw e;
      }
      abandonIfHalted(key, e);
      ConditionUpdater conditions = context.conditions();
      conditions.update(Conditions.READY, ConditionStatus.FALSE, current.getMetadata().getGeneration(),
          Errors.reason(e), truncate("cleanup failed: " + Errors.message(e)));
      ReconcileOutcome outcome = new ReconcileOutcome(Result.done(), e, conditions.conditions().conditions());
      Optional<P> written = status.write(current, status.desired(working, outcome, null, clock.instant()));
      written.ifPresent(after -> ownWrites.put(key, new OwnWrite<>(current.getMetadata().getResourceVersion(), after)));
      if (written.isPresent() && options.events() != null) {
        options.events().warning(written.get(), Errors.reason(e), truncate("cleanup failed: " + Errors.message(e)));
      }
      throw e;
    }
    if (result.requeue().isPresent()) {
      // a cleanup that asks to be run again is not done (an external resource still going away): the finalizer stays
      log.debug("Cleanup of {} is not finished; running it again in {} ms", key, result.requeue().get().toMillis());
      return result;
    }
    abandonIfHalted(key, null); // the new leader runs the cleanups again, and removes the finalizer
    List<String> remaining = new java.util.ArrayList<>(current.getMetadata().getFinalizers());
    remaining.remove(finalizer);
    patchFinalizers(key, current, remaining);
    tracker.forget(controller, key);
    log.debug("Cleaned up {} and removed finalizer {}", key, finalizer);
    return Result.done();
  }

  /** Adds our finalizer before any step runs, guarded by the resourceVersion; returns the patched parent. */
  private P addFinalizer(ResourceKey key, P current) {
    List<String> finalizers = new java.util.ArrayList<>(current.getMetadata().getFinalizers());
    finalizers.add(finalizer);
    P patched = patchFinalizers(key, current, finalizers);
    log.debug("Added finalizer {} to {}", finalizer, key);
    ownWrites.put(key, new OwnWrite<>(current.getMetadata().getResourceVersion(), patched));
    return patched;
  }

  private P patchFinalizers(ResourceKey key, P current, List<String> finalizers) {
    List<Map<String, Object>> ops = List.of(
        dev.maestro.core.internal.JsonPatch.replace("/metadata/resourceVersion",
            current.getMetadata().getResourceVersion()),
        dev.maestro.core.internal.JsonPatch.add("/metadata/finalizers", finalizers));
    // through the object itself: fabric8 then sends no GET before the PATCH
    return client.resource(current).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON), serialization.asJson(ops));
  }

  @SuppressWarnings("unchecked")
  private Class<P> parentType(P parent) {
    return (Class<P>) parent.getClass();
  }

  /** Events for what this reconcile changed: condition changes, and the error that changed the status. */
  private void recordEvents(P parent, List<Condition> before, ReconcileOutcome outcome) {
    EventRecorder events = options.events();
    if (events == null) {
      return;
    }
    ConditionEvents.record(events, parent, options.conditionEvents(), before, outcome.conditions());
    if (options.errorEvents() && outcome.failed()) {
      events.warning(parent, outcome.reason().orElseThrow(), truncate(outcome.message().orElseThrow()));
    }
  }

  private static boolean tolerated(RuntimeException failure, int attempt) {
    return failure instanceof ReconcileException r && !r.permanent() && attempt < r.tolerance();
  }

  /** Runs the steps, observing each top-level one. */
  private Result runSteps(ReconcileContext<P> context, P working, ReconcileObserver.Observation observation) {
    if (observation == ReconcileObserver.Observation.NOOP || !(steps instanceof Sequence<P> sequence)) {
      return steps.reconcile(context, working);
    }
    List<Step<P>> observed = sequence.steps().stream().map(step -> observed(step, observation)).toList();
    return Sequence.of(sequence.name(), observed).reconcile(context, working);
  }

  private Step<P> observed(Step<P> step, ReconcileObserver.Observation reconcile) {
    Step<P> wrapper = new Step<>() {
      @Override
      public Result reconcile(ReconcileContext<P> context, P parent) {
        ReconcileObserver.Observation observation = reconcile.step(step.name());
        try {
          Result result = step.reconcile(context, parent);
          observation.finished(result.requeue().isPresent() ? ReconcileObserver.Outcome.REQUEUE
              : ReconcileObserver.Outcome.SUCCESS, null);
          return result;
        } catch (RuntimeException e) {
          observation.finished(ReconcileObserver.Outcome.ERROR, e);
          throw e;
        }
      }

      @Override
      public String name() {
        return step.name();
      }
    };
    return step instanceof dev.maestro.core.Always<P> ? dev.maestro.core.Steps.always(wrapper) : wrapper;
  }

  /**
   * The parent as of our last status write when the cache has not caught up with it yet. Without this, an event
   * that arrives between our write and the cache update (a child's, say) would compute the same status again from
   * the stale copy and send a write doomed to a 409.
   */
  private P readYourWrite(ResourceKey key, P cached) {
    OwnWrite<P> own = ownWrites.get(key);
    if (own == null) {
      return cached;
    }
    if (own.baseResourceVersion().equals(cached.getMetadata().getResourceVersion())) {
      return own.after();
    }
    ownWrites.remove(key, own); // the cache shows our write, or someone else's newer one
    return cached;
  }

  /**
   * Whether {@code parent}, as an informer event shows it, is exactly what one of our own writes (status,
   * finalizer) produced: such an event needs no reconcile, since the reconcile that wrote it saw everything.
   */
  boolean isOwnWrite(P parent) {
    OwnWrite<P> own = ownWrites.get(ResourceKey.of(parent));
    return own != null && java.util.Objects.equals(own.after().getMetadata().getResourceVersion(),
        parent.getMetadata().getResourceVersion());
  }

  /** A fresh context for one reconcile of {@code parent}. */
  ReconcileContext<P> newContext(P parent, String reconcileId) {
    return newContext(parent, reconcileId, tracker.session(controller, ResourceKey.of(parent)));
  }

  private ReconcileContext<P> newContext(P parent, String reconcileId, Tracker.Session tracks) {
    return newContext(parent, reconcileId, tracks, status.conditionsOf(parent));
  }

  private ReconcileContext<P> newContext(P parent, String reconcileId, Tracker.Session tracks,
      List<Condition> current) {
    Long generation = parent.getMetadata().getGeneration();
    ConditionUpdater conditions = ConditionUpdater.of(current, status.policy().dropUntouchedConditions())
        .withNow(clock.instant());
    return new ReconcileContext<>(controller, ResourceKey.of(parent), reconcileId,
        generation == null ? 0 : generation, client, new Stash(), conditions, caches, log, options.events(), tracks,
        ownWritesOf(ResourceKey.of(parent)));
  }

  /** Where the reconcile of {@code parent} records the children it wrote. */
  private ReconcileContext.OwnWrites ownWritesOf(ResourceKey parent) {
    return new ReconcileContext.OwnWrites() {
      @Override
      public void record(HasMetadata written) {
        childWrites.record(written, parent);
      }

      @Override
      public boolean awaitsEvent(HasMetadata written) {
        return childWrites.awaitsEvent(written);
      }
    };
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /** A status write of ours: the resourceVersion it was based on, and the object the server returned. */
  private record OwnWrite<P>(String baseResourceVersion, P after) {}

  /**
   * Ends the reconcile without another write when the controller has stopped taking keys: it stops, or this
   * replica lost its Lease and another may be writing already (its reconciles were interrupted, and a step may
   * have swallowed the interrupt). Whatever the steps did is left for the next reconcile (here after a restart, or
   * on the new leader) to see and finish; no status or finalizer change follows from a reconcile cut short, and it
   * is no failure of the parent. Decided by the controller's state, not by the error: a time-out of a step's own
   * HTTP client is an {@code InterruptedIOException} too, and a failure to retry with backoff.
   */
  private void abandonIfHalted(ResourceKey key, @org.jspecify.annotations.Nullable RuntimeException failure) {
    if (halted.getAsBoolean()) {
      throw new Abandoned(key, failure);
    }
  }

  /** A reconcile cut short because its controller halted; the controller queues its key again, no failure. */
  static final class Abandoned extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Abandoned(ResourceKey key, @org.jspecify.annotations.Nullable Throwable cause) {
      super("reconcile of " + key + " cut short: the controller halted", cause, false, false);
    }
  }

  /** How errors map onto reasons, messages and retry decisions. */
  static final class Errors {

    private Errors() {}

    static boolean isConflict(Throwable error) {
      return error instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409;
    }

    static boolean isPermanent(Throwable error) {
      return error instanceof ReconcileException r && r.permanent();
    }

    static String reason(Throwable error) {
      return ReconcileException.reasonOf(error);
    }

    static String message(Throwable error) {
      return ReconcileException.messageOf(error);
    }

    /** The JVM's own errors (out of memory and the like): nothing can be trusted after them, so they pass on. */
    static boolean isFatal(Throwable error) {
      return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /**
     * {@code error} as a reconcile's failure: itself, or a retryable {@link ReconcileException} around an
     * {@code Error} from user code (reason {@code ReconcileError}); a {@linkplain #isFatal fatal} one is rethrown.
     */
    static RuntimeException asFailure(Throwable error) {
      if (error instanceof RuntimeException runtime) {
        return runtime;
      }
      if (isFatal(error)) {
        throw (Error) error;
      }
      return new ReconcileException(reason(error), message(error), error);
    }

    /** {@code failure} with {@code next} suppressed in it, or {@code next} when there was none yet. */
    static RuntimeException combine(@org.jspecify.annotations.Nullable RuntimeException failure, RuntimeException next) {
      if (failure == null) {
        return next;
      }
      failure.addSuppressed(next);
      return failure;
    }
  }
}
