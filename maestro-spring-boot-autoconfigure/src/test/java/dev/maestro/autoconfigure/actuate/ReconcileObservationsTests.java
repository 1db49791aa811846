package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.runtime.ReconcileObserver.Outcome;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How reconcile observations open and close their scopes on the reconcile's thread. */
class ReconcileObservationsTests {

  private final RecordingObservationHandler handler = new RecordingObservationHandler();
  private final ObservationRegistry registry = ObservationRegistry.create();
  private final ReconcileObservations observations;

  ReconcileObservationsTests() {
    registry.observationConfig().observationHandler(handler);
    observations = new ReconcileObservations(registry);
  }

  @Test
  void reconcileIsTheCurrentObservationUntilItFinishes() {
    ReconcileObserver.Observation reconcile = observations.reconcileStarted("things", new ResourceKey("ns", "a"),
        Duration.ZERO);
    assertThat(registry.getCurrentObservation()).isNotNull()
        .satisfies(current -> assertThat(current.getContext().getName()).isEqualTo(ReconcileObservations.RECONCILE));

    reconcile.finished(Outcome.SUCCESS, null);
    assertThat(registry.getCurrentObservation()).isNull();
  }

  @Test
  void stepIsTheCurrentObservationWhileItRunsAndItsReconcileAfterwards() {
    ReconcileObserver.Observation reconcile = observations.reconcileStarted("things", new ResourceKey("ns", "a"),
        Duration.ZERO);
    ReconcileObserver.Observation step = reconcile.step("First");
    assertThat(registry.getCurrentObservation().getContext().getName()).isEqualTo(ReconcileObservations.STEP);

    step.finished(Outcome.REQUEUE, null);
    assertThat(registry.getCurrentObservation().getContext().getName()).isEqualTo(ReconcileObservations.RECONCILE);
    reconcile.finished(Outcome.REQUEUE, null);
    assertThat(registry.getCurrentObservation()).isNull();
    assertThat(handler.stopped(ReconcileObservations.STEP)).singleElement().satisfies(context ->
        assertThat(context.getLowCardinalityKeyValue("result").getValue()).isEqualTo("requeue"));
  }

  @Test
  void stepLeftOpenByAnErrorIsClosedWithItsReconcile() {
    ReconcileObserver.Observation reconcile = observations.reconcileStarted("things", new ResourceKey("ns", "a"),
        Duration.ZERO);
    reconcile.step("Exploding");
    AssertionError error = new AssertionError("boom");

    reconcile.finished(Outcome.ERROR, error);

    assertThat(registry.getCurrentObservation()).isNull();
    assertThat(handler.stopped(ReconcileObservations.STEP)).singleElement().satisfies(context -> {
      assertThat(context.getLowCardinalityKeyValue("result").getValue()).isEqualTo("error");
      assertThat(context.getError()).isSameAs(error);
    });
    assertThat(handler.stopped(ReconcileObservations.RECONCILE)).hasSize(1);
  }

  @Test
  void clusterScopedKeyIsItsName() {
    observations.reconcileStarted("nodes", new ResourceKey(null, "node-1"), Duration.ZERO)
        .finished(Outcome.SUCCESS, null);
    assertThat(handler.stopped(ReconcileObservations.RECONCILE)).singleElement().satisfies(context ->
        assertThat(context.getHighCardinalityKeyValue("key").getValue()).isEqualTo("node-1"));
  }
}
