package dev.maestro.autoconfigure.actuate;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.ReconcileObserver;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link io.micrometer.observation.Observation} per reconcile, named {@value #RECONCILE}, with a
 * child {@value #STEP} per top-level step, so that a tracer shows a span tree per reconcile and a meter registry
 * gets the reconcile timer, with one vocabulary for both.
 *
 * <ul>
 *   <li>low-cardinality keys (span tags and meter tags): {@code controller}, {@code result} ({@code success},
 *       {@code requeue} or {@code error}) and, on steps, {@code step}; a meter handler adds {@code error} (the
 *       exception's class, or {@code none});</li>
 *   <li>high-cardinality key (span tags only): {@code key}, the resource's {@code namespace/name}.</li>
 * </ul>
 *
 * <p>Through Boot's meter observation handler each observation becomes a timer and a long task timer:
 * {@code maestro.reconcile} and {@code maestro.reconcile.active}, {@code maestro.reconcile.step} and
 * {@code maestro.reconcile.step.active}. The observation is the only source of those meters, so a timer never
 * appears twice under one name with different tags: when no {@link ObservationRegistry} bean exists (or
 * {@code maestro.observations.enabled=false}), the metrics auto-configuration gives this class a private registry
 * whose only handler records the same meters.
 *
 * <p>Each observation is opened in scope on the reconcile's thread, so that what runs inside it sees it as the
 * current observation: the reconcile's log lines carry its trace and span ids when a tracer is configured, and
 * observations a step starts itself become its children. Boot's
 * {@code management.observations.enable.maestro=false} switches the observations (and their meters) off.
 */
public final class ReconcileObservations implements ReconcileObserver {

  /** The name of a reconcile's observation, and of the timer made of it. */
  public static final String RECONCILE = "maestro.reconcile";

  /** The name of a step's observation, and of the timer made of it. */
  public static final String STEP = "maestro.reconcile.step";

  static final String CONTROLLER = "controller";
  static final String RESULT = "result";
  static final String STEP_NAME = "step";
  static final String KEY = "key";

  private final ObservationRegistry registry;

  /** Observes reconciles in {@code registry}. */
  public ReconcileObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
    io.micrometer.observation.Observation observation = io.micrometer.observation.Observation
        .createNotStarted(RECONCILE, registry)
        .contextualName("reconcile " + controller)
        .lowCardinalityKeyValue(CONTROLLER, controller)
        .highCardinalityKeyValue(KEY, key.toString())
        .start();
    return new Reconcile(observation, controller, key.toString());
  }

  private static void end(io.micrometer.observation.Observation observation,
      io.micrometer.observation.Observation.Scope scope, Outcome outcome, @Nullable Throwable error) {
    observation.lowCardinalityKeyValue(RESULT, outcome.tag());
    if (error != null) {
      observation.error(error);
    }
    scope.close();
    observation.stop();
  }

  /** A reconcile's observation, in scope until it finishes. */
  private final class Reconcile implements Observation {

    private final io.micrometer.observation.Observation observation;
    private final io.micrometer.observation.Observation.Scope scope;
    private final String controller;
    private final String key;
    private @Nullable Step open;

    Reconcile(io.micrometer.observation.Observation observation, String controller, String key) {
      this.observation = observation;
      this.scope = observation.openScope();
      this.controller = controller;
      this.key = key;
    }

    @Override
    public Observation step(String name) {
      io.micrometer.observation.Observation child = io.micrometer.observation.Observation
          .createNotStarted(STEP, registry)
          .parentObservation(observation)
          .contextualName("step " + name)
          .lowCardinalityKeyValue(CONTROLLER, controller)
          .lowCardinalityKeyValue(STEP_NAME, name)
          .highCardinalityKeyValue(KEY, key)
          .start();
      Step step = new Step(child, this);
      open = step;
      return step;
    }

    @Override
    public void finished(Outcome outcome, @Nullable Throwable error) {
      Step left = open;
      if (left != null) {
        // a step that threw an Error never reported its end; close its scope first, scopes nest
        left.finished(Outcome.ERROR, error);
      }
      end(observation, scope, outcome, error);
    }
  }

  /** A step's observation, a child of its reconcile's, in scope until it finishes. */
  private static final class Step implements Observation {

    private final io.micrometer.observation.Observation observation;
    private final io.micrometer.observation.Observation.Scope scope;
    private final Reconcile parent;
    private boolean finished;

    Step(io.micrometer.observation.Observation observation, Reconcile parent) {
      this.observation = observation;
      this.scope = observation.openScope();
      this.parent = parent;
    }

    @Override
    public Observation step(String name) {
      return NOOP;
    }

    @Override
    public void finished(Outcome outcome, @Nullable Throwable error) {
      if (finished) {
        return;
      }
      finished = true;
      if (parent.open == this) {
        parent.open = null;
      }
      end(observation, scope, outcome, error);
    }
  }
}
