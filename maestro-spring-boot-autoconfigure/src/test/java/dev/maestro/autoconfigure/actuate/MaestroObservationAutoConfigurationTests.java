package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Reconciles observed through the application's ObservationRegistry: there when such a registry exists, absent
 * without Micrometer's observation API or without a registry, off by its property; one observation per reconcile,
 * with a child per step.
 */
class MaestroObservationAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = TestOperator.server();

  private final String namespace = TestOperator.namespace("observations");
  private final RecordingObservationHandler handler = new RecordingObservationHandler();

  private ApplicationContextRunner runner() {
    return TestOperator.runner(server, namespace, MaestroObservationAutoConfiguration.class)
        .withUserConfiguration(TestOperator.Gadgets.class);
  }

  private ApplicationContextRunner withRegistry() {
    return runner().withBean(ObservationRegistry.class, () -> {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(handler);
      return registry;
    });
  }

  @Test
  void reconcilesAreObservedWhenAnObservationRegistryExists() {
    withRegistry().run(context -> assertThat(context).hasSingleBean(ReconcileObservations.class));
  }

  @Test
  void reconcilesAreNotObservedWithoutAnObservationRegistry() {
    runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconcileObservations.class));
  }

  @Test
  void reconcilesAreNotObservedWithoutMicrometersObservationApi() {
    runner().withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconcileObservations.class));
  }

  @Test
  void reconcilesAreNotObservedWhenSwitchedOff() {
    withRegistry().withPropertyValues("maestro.observations.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReconcileObservations.class));
  }

  @Test
  void eachReconcileIsOneObservationWithItsControllerResultAndKey() {
    withRegistry().run(context -> {
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "traced", "small")).create();

      await().atMost(Duration.ofSeconds(10)).until(() -> !handler.stopped(ReconcileObservations.RECONCILE).isEmpty());
      Observation.Context reconcile = handler.stopped(ReconcileObservations.RECONCILE).get(0);
      assertThat(reconcile.getContextualName()).isEqualTo("reconcile gadgets");
      assertThat(reconcile.getLowCardinalityKeyValue("controller").getValue()).isEqualTo("gadgets");
      assertThat(reconcile.getLowCardinalityKeyValue("result").getValue()).isEqualTo("success");
      assertThat(reconcile.getHighCardinalityKeyValue("key").getValue()).isEqualTo(namespace + "/traced");
      assertThat(reconcile.getError()).isNull();
    });
  }

  @Test
  void eachStepIsAChildObservationOfItsReconcile() {
    withRegistry().run(context -> {
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "stepped", "small")).create();

      await().atMost(Duration.ofSeconds(10)).until(() -> !handler.stopped(ReconcileObservations.RECONCILE).isEmpty());
      Observation.Context reconcile = handler.stopped(ReconcileObservations.RECONCILE).get(0);
      List<Observation.Context> steps = handler.stopped(ReconcileObservations.STEP).stream()
          .filter(step -> step.getParentObservation() != null
              && step.getParentObservation().getContextView() == reconcile)
          .toList();
      assertThat(steps).extracting(step -> step.getLowCardinalityKeyValue("step").getValue())
          .containsExactly("RecordStep", "FinishStep");
      assertThat(steps).allSatisfy(step -> {
        assertThat(step.getLowCardinalityKeyValue("controller").getValue()).isEqualTo("gadgets");
        assertThat(step.getLowCardinalityKeyValue("result").getValue()).isEqualTo("success");
        assertThat(step.getHighCardinalityKeyValue("key").getValue()).isEqualTo(namespace + "/stepped");
      });
    });
  }

  @Test
  void failedReconcileCarriesItsErrorAndTheErrorResult() {
    withRegistry().run(context -> {
      context.getBean(KubernetesClient.class)
          .resource(TestOperator.gadget(namespace, "bad", TestOperator.BROKEN)).create();

      await().atMost(Duration.ofSeconds(10)).until(() -> !handler.stopped(ReconcileObservations.RECONCILE).isEmpty());
      Observation.Context reconcile = handler.stopped(ReconcileObservations.RECONCILE).get(0);
      assertThat(reconcile.getLowCardinalityKeyValue("result").getValue()).isEqualTo("error");
      assertThat(reconcile.getError()).hasMessageContaining("is broken");
      assertThat(handler.stopped(ReconcileObservations.STEP)).singleElement().satisfies(step -> {
        assertThat(step.getLowCardinalityKeyValue("step").getValue()).isEqualTo("RecordStep");
        assertThat(step.getLowCardinalityKeyValue("result").getValue()).isEqualTo("error");
      });
    });
  }
}
