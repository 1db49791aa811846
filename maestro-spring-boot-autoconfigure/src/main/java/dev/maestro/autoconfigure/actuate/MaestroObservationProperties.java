package dev.maestro.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Maestro's Micrometer observations (tracing), under {@code maestro.observations.*}. */
@ConfigurationProperties("maestro.observations")
public class MaestroObservationProperties {

  /**
   * Whether reconciles and their steps are observed through the application's ObservationRegistry (spans, when a
   * tracer is configured). When off, the reconcile timers are still recorded if metrics are on; with metrics off
   * ({@code maestro.metrics.enabled=false}) the observations record no timer.
   */
  private boolean enabled = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
