package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.KubernetesHttpClientBuilderCustomizer;
import dev.maestro.core.runtime.Controller;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Maestro's meters: there with a MeterRegistry, absent without Micrometer or without a registry, off by their
 * properties, and what they count when a controller reconciles.
 */
class MaestroMetricsAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = TestOperator.server();

  private final String namespace = TestOperator.namespace("metrics");

  /** Maestro with Boot's metrics (a simple registry), without observations. */
  private ApplicationContextRunner runner() {
    return TestOperator.runner(server, namespace, MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            MaestroObservationAutoConfiguration.class, MaestroMetricsAutoConfiguration.class)
        .withUserConfiguration(TestOperator.Gadgets.class);
  }

  // --- conditions

  @Test
  void metersAreRegisteredWhenAMeterRegistryExists() {
    runner().run(context -> assertThat(context)
        .hasSingleBean(ReconcileMetrics.class)
        .hasSingleBean(ControllerMeters.class)
        .hasSingleBean(ReconcileObservations.class)
        .hasBean("maestroKubernetesRequestMetrics"));
  }

  @Test
  void metersAreAbsentWithoutMicrometer() {
    TestOperator.runner(server, namespace, MaestroObservationAutoConfiguration.class,
            MaestroMetricsAutoConfiguration.class)
        .withUserConfiguration(TestOperator.Gadgets.class)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean(ReconcileMetrics.class)
        .doesNotHaveBean(ControllerMeters.class)
        .doesNotHaveBean(ReconcileObservations.class)
        .doesNotHaveBean(KubernetesHttpClientBuilderCustomizer.class));
  }

  @Test
  void metersAreAbsentWithoutAMeterRegistry() {
    TestOperator.runner(server, namespace, MaestroMetricsAutoConfiguration.class)
        .withUserConfiguration(TestOperator.Gadgets.class)
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ReconcileMetrics.class)
            .doesNotHaveBean(ControllerMeters.class)
            .doesNotHaveBean(KubernetesHttpClientBuilderCustomizer.class));
  }

  @Test
  void metersAreAbsentWhenSwitchedOff() {
    runner().withPropertyValues("maestro.metrics.enabled=false").run(context -> {
      assertThat(context).hasNotFailed()
          .doesNotHaveBean(ReconcileMetrics.class)
          .doesNotHaveBean(ControllerMeters.class)
          .doesNotHaveBean(ReconcileObservations.class)
          .doesNotHaveBean(KubernetesHttpClientBuilderCustomizer.class);
      assertThat(context.getBean(MeterRegistry.class).find("maestro.queue.depth").meters()).isEmpty();
    });
  }

  @Test
  void apiRequestCountIsAbsentWhenSwitchedOff() {
    runner().withPropertyValues("maestro.metrics.api-requests.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(ReconcileMetrics.class)
          .doesNotHaveBean(KubernetesHttpClientBuilderCustomizer.class);
      assertThat(context.getBean(MeterRegistry.class).find(KubernetesRequestMetrics.REQUESTS).meters()).isEmpty();
    });
  }

  @Test
  void metersAreAbsentWhenMaestroIsDisabled() {
    runner().withPropertyValues("maestro.enabled=false").run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(ReconcileMetrics.class)
        .doesNotHaveBean(ControllerMeters.class));
  }

  // --- what they count

  @Test
  void reconcileTimerCountsEveryReconcileByControllerAndResult() {
    runner().run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "timed", "small")).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        Timer success = meters.find(ReconcileObservations.RECONCILE).tags("controller", "gadgets", "result", "success")
            .timer();
        assertThat(success).isNotNull();
        assertThat(success.count()).isGreaterThanOrEqualTo(1);
        assertThat(reconcileCount(meters)).isEqualTo(gadgets(context).reconcileCount());
      });
      assertThat(meters.find(ReconcileObservations.RECONCILE + ".active").tag("controller", "gadgets")
          .longTaskTimer()).isNotNull();
    });
  }

  @Test
  void stepTimersCountEachStep() {
    runner().run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "stepped", "small")).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          meters.find(ReconcileObservations.STEP).tag("controller", "gadgets").timers())
          .extracting(timer -> timer.getId().getTag("step"))
          .contains("RecordStep", "FinishStep"));
    });
  }

  @Test
  void errorsAreCountedByReason() {
    runner().run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class)
          .resource(TestOperator.gadget(namespace, "bad", TestOperator.BROKEN)).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(meters.find(ReconcileMetrics.ERRORS).tags("controller", "gadgets", "reason", "Broken").counter())
            .isNotNull().satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        assertThat(meters.find(ReconcileObservations.RECONCILE)
            .tags("controller", "gadgets", "result", "error", "error", "ReconcileException").timer()).isNotNull();
      });
    });
  }

  @Test
  void workQueueMetersFollowTheController() {
    runner().run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "queued", "small")).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(meters.get(ControllerMeters.QUEUE_ADDS).tag("controller", "gadgets").functionCounter().count())
            .isEqualTo(gadgets(context).queue().adds()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get(ReconcileMetrics.QUEUE_WAIT).tag("controller", "gadgets").timer().count())
            .isGreaterThanOrEqualTo(1);
      });
      assertThat(meters.get(ControllerMeters.QUEUE_DEPTH).tag("controller", "gadgets").gauge().value()).isZero();
      assertThat(meters.get(ControllerMeters.QUEUE_DELAYED).tag("controller", "gadgets").gauge().value()).isZero();
      assertThat(meters.get(ControllerMeters.QUEUE_RETRIES).tag("controller", "gadgets").functionCounter().count())
          .isZero();
      assertThat(meters.get(ControllerMeters.LONGEST).tag("controller", "gadgets").timeGauge().value()).isZero();
      assertThat(meters.get(ControllerMeters.RECONCILING).tag("controller", "gadgets").gauge().value()).isOne();
    });
  }

  @Test
  void apiRequestsAreCountedByVerbResourceAndCode() {
    runner().run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "counted", "small")).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(requests(meters, "list", "gadgets", "none", "200")).isGreaterThanOrEqualTo(1);
        assertThat(requests(meters, "create", "gadgets", "none", "201")).isEqualTo(1);
        assertThat(meters.find(KubernetesRequestMetrics.REQUESTS).tags("resource", "gadgets", "subresource", "status")
            .counters()).isNotEmpty();
      });
    });
  }

  @Test
  void withAnObservationRegistryTheReconcileTimerComesFromTheObservationsOnly() {
    runner().withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run(context -> {
      assertThat(context).hasSingleBean(ReconcileObservations.class).hasBean("maestroReconcileObservations")
          .doesNotHaveBean("maestroReconcileTimers");
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "observed", "small")).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(meters.find(ReconcileObservations.RECONCILE).tags("controller", "gadgets", "result", "success")
            .timer()).isNotNull();
        assertThat(reconcileCount(meters)).isEqualTo(gadgets(context).reconcileCount());
      });
      Set<Set<String>> tagKeys = meters.find(ReconcileObservations.RECONCILE).timers().stream()
          .map(timer -> timer.getId().getTags().stream().map(tag -> tag.getKey()).collect(Collectors.toSet()))
          .collect(Collectors.toSet());
      assertThat(tagKeys).containsExactly(Set.of("controller", "result", "error"));
    });
  }

  @Test
  void switchedOffMetricsLeaveNoReconcileTimerThoughObservationsGoOn() {
    // Boot's meter handler on the ObservationRegistry would turn the observations into timers: metrics off means
    // none of Maestro's meters, whatever records them
    runner().withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        .withPropertyValues("maestro.metrics.enabled=false").run(context -> {
          assertThat(context).hasSingleBean(ReconcileObservations.class);
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "unmetered", "small"))
              .create();

          await().atMost(Duration.ofSeconds(10)).until(() -> gadgets(context).reconcileCount() >= 1);
          assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("maestro."));
        });
  }

  private static long reconcileCount(MeterRegistry meters) {
    Collection<Timer> timers = meters.find(ReconcileObservations.RECONCILE).tag("controller", "gadgets").timers();
    return timers.stream().mapToLong(Timer::count).sum();
  }

  private static double requests(MeterRegistry meters, String verb, String resource, String subresource,
      String code) {
    return meters.find(KubernetesRequestMetrics.REQUESTS)
        .tags("verb", verb, "resource", resource, "subresource", subresource, "code", code)
        .counters().stream().mapToDouble(counter -> counter.count()).sum();
  }

  private static Controller<?> gadgets(AssertableApplicationContext context) {
    return context.getBean(ControllerRegistry.class).get("gadgets").orElseThrow();
  }
}
