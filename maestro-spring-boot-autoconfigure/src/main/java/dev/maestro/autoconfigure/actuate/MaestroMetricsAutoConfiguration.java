package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.KubernetesHttpClientBuilderCustomizer;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.core.runtime.Controller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Maestro's Micrometer meters, when a {@link MeterRegistry} bean exists; switched off with
 * {@code maestro.metrics.enabled=false}. All are tagged {@code controller} except the API request counter.
 *
 * <ul>
 *   <li>{@code maestro.reconcile} (timer; {@code result}, {@code error}) and {@code maestro.reconcile.active}
 *       (long task timer): from {@link ReconcileObservations}, through the application's ObservationRegistry when
 *       {@link MaestroObservationAutoConfiguration} observes reconciles, else through a private one made here;
 *       likewise {@code maestro.reconcile.step} and {@code maestro.reconcile.step.active} ({@code step});</li>
 *   <li>{@code maestro.reconcile.errors} (counter; {@code reason}) and {@code maestro.queue.wait} (timer):
 *       {@link ReconcileMetrics};</li>
 *   <li>{@code maestro.queue.depth}, {@code maestro.queue.delayed} (gauges), {@code maestro.queue.adds},
 *       {@code maestro.queue.retries} (counters), {@code maestro.reconcile.longest} (time gauge):
 *       {@link ControllerMeters};</li>
 *   <li>{@code maestro.kubernetes.requests} (counter; {@code verb}, {@code resource}, {@code subresource},
 *       {@code code}): {@link KubernetesRequestMetrics} on the auto-configured client, unless
 *       {@code maestro.metrics.api-requests.enabled=false}.</li>
 * </ul>
 */
@AutoConfiguration(after = {MaestroAutoConfiguration.class, MaestroObservationAutoConfiguration.class},
    afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class, Controller.class})
@ConditionalOnBean({MeterRegistry.class, ControllerRegistry.class})
@ConditionalOnBooleanProperty(name = "maestro.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaestroMetricsProperties.class)
public class MaestroMetricsAutoConfiguration {

  @Bean
  ReconcileMetrics maestroReconcileMetrics(MeterRegistry meterRegistry) {
    return new ReconcileMetrics(meterRegistry);
  }

  @Bean
  ControllerMeters maestroControllerMeters(ControllerRegistry controllers) {
    return new ControllerMeters(controllers);
  }

  /**
   * The reconcile timers when nothing observes reconciles through the application's ObservationRegistry: the same
   * observations, recorded by a meter handler alone, so that the meters look the same either way.
   */
  @Bean
  @ConditionalOnMissingBean(ReconcileObservations.class)
  ReconcileObservations maestroReconcileTimers(MeterRegistry meterRegistry) {
    ObservationRegistry timersOnly = ObservationRegistry.create();
    timersOnly.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
    return new ReconcileObservations(timersOnly);
  }

  /**
   * Adds {@link KubernetesRequestMetrics} to the auto-configured client's HTTP client, beside the application's own
   * {@link KubernetesHttpClientBuilderCustomizer}s.
   */
  @Bean
  @ConditionalOnBooleanProperty(name = "maestro.metrics.api-requests.enabled", matchIfMissing = true)
  KubernetesHttpClientBuilderCustomizer maestroKubernetesRequestMetrics(MeterRegistry meterRegistry) {
    KubernetesRequestMetrics metrics = new KubernetesRequestMetrics(meterRegistry);
    return http -> http.addOrReplaceInterceptor(KubernetesRequestMetrics.INTERCEPTOR, metrics);
  }
}
