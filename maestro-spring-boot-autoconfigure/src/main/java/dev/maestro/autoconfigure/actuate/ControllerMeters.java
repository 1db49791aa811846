package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.runtime.Controller;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/**
 * The meters read from each controller's own counters, tagged {@code controller}: the queue's depth
 * ({@code maestro.queue.depth}), its delayed keys ({@code maestro.queue.delayed}), the keys added to it
 * ({@code maestro.queue.adds}), the retries scheduled ({@code maestro.queue.retries}) and how long the longest
 * reconcile in flight has been running ({@code maestro.reconcile.longest}, zero when none runs), and whether the
 * controller takes keys ({@code maestro.controller.reconciling}: 1, or 0 while its replica stands by for leadership
 * or it is stopped).
 */
final class ControllerMeters implements MeterBinder {

  static final String QUEUE_DEPTH = "maestro.queue.depth";
  static final String QUEUE_DELAYED = "maestro.queue.delayed";
  static final String QUEUE_ADDS = "maestro.queue.adds";
  static final String QUEUE_RETRIES = "maestro.queue.retries";
  static final String LONGEST = "maestro.reconcile.longest";
  static final String RECONCILING = "maestro.controller.reconciling";

  private final ControllerRegistry controllers;

  ControllerMeters(ControllerRegistry controllers) {
    this.controllers = controllers;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Controller<?> controller : controllers.controllers()) {
      String name = controller.name();
      Gauge.builder(QUEUE_DEPTH, controller, c -> c.queue().depth())
          .description("Keys waiting for a worker")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
      Gauge.builder(QUEUE_DELAYED, controller, c -> c.queue().delayed())
          .description("Keys waiting for a requeue-after or retry delay to pass")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
      FunctionCounter.builder(QUEUE_ADDS, controller, c -> c.queue().adds())
          .description("Keys added to the work queue (adds of a key already waiting are not counted)")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
      FunctionCounter.builder(QUEUE_RETRIES, controller, Controller::retryCount)
          .description("Retries scheduled after failed reconciles, conflicts included")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
      TimeGauge.builder(LONGEST, controller, TimeUnit.NANOSECONDS, c -> c.longestRunning().toNanos())
          .description("How long the longest reconcile in flight has been running")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
      Gauge.builder(RECONCILING, controller, c -> c.isReconciling() ? 1 : 0)
          .description("1 while the controller takes keys; 0 while its replica stands by for leadership")
          .tag(ReconcileObservations.CONTROLLER, name)
          .register(registry);
    }
  }
}
