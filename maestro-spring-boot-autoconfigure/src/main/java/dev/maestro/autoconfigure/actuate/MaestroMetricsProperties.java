package dev.maestro.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Maestro's Micrometer meters, under {@code maestro.metrics.*}. */
@ConfigurationProperties("maestro.metrics")
public class MaestroMetricsProperties {

  /** Whether Maestro registers its meters (reconciles, errors, work queues) when a MeterRegistry bean exists. */
  private boolean enabled = true;

  private final ApiRequests apiRequests = new ApiRequests();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public ApiRequests getApiRequests() {
    return apiRequests;
  }

  /** The count of API requests of the auto-configured fabric8 client. */
  public static class ApiRequests {

    /**
     * Whether the auto-configured Kubernetes client counts its requests in maestro.kubernetes.requests, by verb,
     * resource and response code.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
