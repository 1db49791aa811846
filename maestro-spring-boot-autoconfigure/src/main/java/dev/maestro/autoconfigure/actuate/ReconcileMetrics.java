package dev.maestro.autoconfigure.actuate;

import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.condition.Conditions;
import dev.maestro.core.runtime.ReconcileObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The meters only a running reconcile can feed: how long each key waited in the queue
 * ({@code maestro.queue.wait}, tag {@code controller}) and the errors of reconciles by reason
 * ({@code maestro.reconcile.errors}, tags {@code controller} and {@code reason}). The reason is the one the
 * resource's {@code Ready} condition shows: a {@link ReconcileException}'s reason, the API server's reason for a
 * rejected request ({@code Conflict}, {@code Forbidden}, ...), else {@value Conditions#REASON_RECONCILE_ERROR}.
 *
 * <p>The reconcile timer itself comes from {@link ReconcileObservations}.
 */
final class ReconcileMetrics implements ReconcileObserver {

  static final String QUEUE_WAIT = "maestro.queue.wait";
  static final String ERRORS = "maestro.reconcile.errors";

  private final Meter.MeterProvider<Timer> queueWait;
  private final Meter.MeterProvider<Counter> errors;

  ReconcileMetrics(MeterRegistry registry) {
    this.queueWait = Timer.builder(QUEUE_WAIT)
        .description("Time keys waited in a controller's work queue before a worker took them")
        .withRegistry(registry);
    this.errors = Counter.builder(ERRORS)
        .description("Reconciles that ended in an error, by reason")
        .withRegistry(registry);
  }

  @Override
  public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
    this.queueWait.withTags(ReconcileObservations.CONTROLLER, controller).record(queueWait);
    return new Observation() {
      @Override
      public Observation step(String name) {
        return NOOP;
      }

      @Override
      public void finished(Outcome outcome, @Nullable Throwable error) {
        if (outcome == Outcome.ERROR) {
          errors.withTags(ReconcileObservations.CONTROLLER, controller, "reason", reason(error)).increment();
        }
      }
    };
  }

  static String reason(@Nullable Throwable error) {
    return error == null ? Conditions.REASON_RECONCILE_ERROR : ReconcileException.reasonOf(error);
  }
}
