package dev.maestro.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of Maestro's controllers, under {@code maestro.*}. */
@ConfigurationProperties("maestro")
public class MaestroProperties {

  /** Whether Maestro builds and starts controllers. */
  private boolean enabled = true;

  /** Namespaces every controller watches unless its @ParentReconciler names others; empty means all. */
  private List<String> namespaces = new ArrayList<>();

  /**
   * How controllers treat namespaces they do not watch: STRICT (reads there are an error), ADHOC (read uncached), or
   * EXTENDABLE (namespaces can be added and removed at runtime through the ControllerRegistry bean).
   */
  private dev.maestro.core.runtime.NamespaceStrategy namespaceStrategy = dev.maestro.core.runtime.NamespaceStrategy.STRICT;

  /**
   * Labels a namespace must carry to be watched; when set, controllers follow matching namespaces as they appear
   * and change (EXTENDABLE), and maestro.namespaces must be empty.
   */
  private java.util.Map<String, String> namespaceSelector = new java.util.LinkedHashMap<>();

  public dev.maestro.core.runtime.NamespaceStrategy getNamespaceStrategy() {
    return namespaceStrategy;
  }

  public void setNamespaceStrategy(dev.maestro.core.runtime.NamespaceStrategy namespaceStrategy) {
    this.namespaceStrategy = namespaceStrategy;
  }

  public java.util.Map<String, String> getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(java.util.Map<String, String> namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  /** How many resources each controller reconciles at once, unless its @ParentReconciler says otherwise. */
  private int concurrency = 4;

  /** How long a shutdown waits for reconciles in flight before interrupting them. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** How long start-up waits for informers to list their resources. */
  private Duration syncTimeout = Duration.ofMinutes(2);

  /** How often every resource is reconciled even without a change; 0 turns the periodic resync off. */
  private Duration resync = Duration.ofHours(10);

  private final Retry retry = new Retry();

  private final Events events = new Events();

  public Events getEvents() {
    return events;
  }

  /** Kubernetes Events recorded by the controllers. */
  public static class Events {

    /** Whether controllers record Kubernetes Events (errors that change a status, condition changes). */
    private boolean enabled = true;

    /** The component events are reported as; the application's name when empty. */
    private String component = "";

    /** How condition changes become events: NONE, PER_CHANGE, PER_NEW_STATUS or IF_CHANGED. */
    private dev.maestro.core.event.ConditionEventVerbosity conditions =
        dev.maestro.core.event.ConditionEventVerbosity.NONE;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getComponent() {
      return component;
    }

    public void setComponent(String component) {
      this.component = component;
    }

    public dev.maestro.core.event.ConditionEventVerbosity getConditions() {
      return conditions;
    }

    public void setConditions(dev.maestro.core.event.ConditionEventVerbosity conditions) {
      this.conditions = conditions;
    }
  }

  public Duration getResync() {
    return resync;
  }

  public void setResync(Duration resync) {
    this.resync = resync;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Duration getSyncTimeout() {
    return syncTimeout;
  }

  public void setSyncTimeout(Duration syncTimeout) {
    this.syncTimeout = syncTimeout;
  }

  public Retry getRetry() {
    return retry;
  }

  /** Retry of failed reconciles: per-resource exponential backoff, and an overall rate limit. */
  public static class Retry {

    /** Delay of a resource's first retry; it doubles with every further failure. */
    private Duration baseDelay = Duration.ofMillis(5);

    /** Cap of a resource's retry delay. */
    private Duration maxDelay = Duration.ofSeconds(1000);

    /** Retries per second across all resources of a controller. */
    private double rate = 10;

    /** Retries that may go at once before the overall rate applies. */
    private int burst = 100;

    public Duration getBaseDelay() {
      return baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public double getRate() {
      return rate;
    }

    public void setRate(double rate) {
      this.rate = rate;
    }

    public int getBurst() {
      return burst;
    }

    public void setBurst(int burst) {
      this.burst = burst;
    }
  }
}
