package dev.maestro.core.runtime;

import dev.maestro.core.ResourceKey;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches reconciles as they happen, for metrics and tracing: one {@link Observation} per reconcile, with a nested
 * one per top-level step. Implementations must be fast and should not throw; they run on the reconcile's thread
 * (so MDC and tracing context are the reconcile's). What one throws anyway is logged at WARN with the resource's
 * key and ignored: it never fails, skips or retries a reconcile.
 */
public interface ReconcileObserver {

  /** Observes nothing. */
  ReconcileObserver NOOP = (controller, key, queueWait) -> Observation.NOOP;

  /**
   * A reconcile of {@code key} starts.
   *
   * @param queueWait how long the key waited in the queue before a worker took it
   */
  Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait);

  /** A key was added to a controller's queue (deduplicated adds are not counted). */
  default void keyQueued(String controller) {}

  /** A key was scheduled for a retry after {@code delay}. */
  default void retryScheduled(String controller, ResourceKey key, Duration delay) {}

  /** Several observers as one, in order. */
  static ReconcileObserver composite(List<ReconcileObserver> observers) {
    if (observers.isEmpty()) {
      return NOOP;
    }
    if (observers.size() == 1) {
      return observers.get(0);
    }
    List<ReconcileObserver> all = List.copyOf(observers);
    return new ReconcileObserver() {
      @Override
      public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
        List<Observation> started = all.stream().map(o -> o.reconcileStarted(controller, key, queueWait)).toList();
        return new Observation() {
          @Override
          public Observation step(String name) {
            List<Observation> steps = started.stream().map(o -> o.step(name)).toList();
            return new Observation() {
              @Override
              public Observation step(String nested) {
                return NOOP;
              }

              @Override
              public void finished(Outcome outcome, @Nullable Throwable error) {
                for (int i = steps.size() - 1; i >= 0; i--) {
                  steps.get(i).finished(outcome, error);
                }
              }
            };
          }

          @Override
          public void finished(Outcome outcome, @Nullable Throwable error) {
            for (int i = started.size() - 1; i >= 0; i--) {
              started.get(i).finished(outcome, error);
            }
          }
        };
      }

      @Override
      public void keyQueued(String controller) {
        all.forEach(o -> o.keyQueued(controller));
      }

      @Override
      public void retryScheduled(String controller, ResourceKey key, Duration delay) {
        all.forEach(o -> o.retryScheduled(controller, key, delay));
      }
    };
  }

  /** How a reconcile or a step ended. */
  enum Outcome {
    /** Done, nothing more asked. */
    SUCCESS,
    /** Done, with a requeue-after. */
    REQUEUE,
    /** Failed with an error. */
    ERROR;

    /** The lower-case tag value: {@code success}, {@code requeue}, {@code error}. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One observed reconcile or step. */
  interface Observation {

    /** Observes nothing. */
    Observation NOOP = new Observation() {
      @Override
      public Observation step(String name) {
        return this;
      }

      @Override
      public void finished(Outcome outcome, @Nullable Throwable error) {}
    };

    /** A step of this reconcile starts. */
    Observation step(String name);

    /** The reconcile or step ended. */
    void finished(Outcome outcome, @Nullable Throwable error);
  }
}
