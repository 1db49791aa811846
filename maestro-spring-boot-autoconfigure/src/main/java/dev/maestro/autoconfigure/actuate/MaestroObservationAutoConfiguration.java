package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.core.runtime.Controller;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Observes every reconcile, and its steps, through the application's {@link ObservationRegistry}: spans when a
 * tracer is configured, and, through Boot's meter handler, the reconcile timers. Needs an ObservationRegistry bean
 * (Boot's observation auto-configuration makes one); switched off with {@code maestro.observations.enabled=false}.
 * With {@code maestro.metrics.enabled=false} the observations go on (spans) but record no timer.
 */
@AutoConfiguration(after = MaestroAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, Controller.class})
@ConditionalOnBean({ObservationRegistry.class, ControllerRegistry.class})
@ConditionalOnBooleanProperty(name = "maestro.observations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaestroObservationProperties.class)
public class MaestroObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ReconcileObservations maestroReconcileObservations(ObservationRegistry observationRegistry) {
    return new ReconcileObservations(observationRegistry);
  }

  /**
   * With {@code maestro.metrics.enabled=false}, keeps the observations' timers ({@code maestro.reconcile...}, which
   * Boot's meter handler would record) out of every meter registry, as Maestro's other meters are.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.config.MeterFilter")
  @ConditionalOnBooleanProperty(name = "maestro.metrics.enabled", havingValue = false)
  static class MetricsSwitchedOff {

    @Bean
    io.micrometer.core.instrument.config.MeterFilter maestroMetersSwitchedOff() {
      return io.micrometer.core.instrument.config.MeterFilter.denyNameStartsWith("maestro.");
    }
  }
}
