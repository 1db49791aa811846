package dev.maestro.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples every {@link ControllerHealthIndicator} on a daemon thread, so that "a watch broken for longer than the
 * grace period" is measured from when it broke, not from when a probe first asked; Kubernetes probes ask every few
 * seconds, a person with curl perhaps once an hour.
 */
final class ControllerHealthSampler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ControllerHealthSampler.class);

  private final List<ControllerHealthIndicator> indicators;
  private final Duration period;
  private @Nullable ScheduledExecutorService executor;

  ControllerHealthSampler(List<ControllerHealthIndicator> indicators, Duration period) {
    this.indicators = List.copyOf(indicators);
    this.period = period;
  }

  /** A tenth of the shorter of the two limits, between 100 ms and 1 s: fine enough, and almost free. */
  static Duration periodFor(Duration syncTimeout, Duration watchGracePeriod) {
    Duration shorter = syncTimeout.compareTo(watchGracePeriod) < 0 ? syncTimeout : watchGracePeriod;
    long millis = Math.max(100, Math.min(1000, shorter.toMillis() / 10));
    return Duration.ofMillis(millis);
  }

  @Override
  public synchronized void start() {
    if (executor != null || indicators.isEmpty()) {
      return;
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "maestro-health");
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::sampleAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    executor = started;
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void sampleAll() {
    for (ControllerHealthIndicator indicator : indicators) {
      try {
        indicator.sample();
      } catch (RuntimeException e) {
        // a failing sample must not stop the schedule; the health request will show the same failure
        log.debug("Could not sample the health of controller {}", indicator.controller().name(), e);
      }
    }
  }
}
