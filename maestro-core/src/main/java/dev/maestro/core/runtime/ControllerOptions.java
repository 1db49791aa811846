package dev.maestro.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a controller runs: the options most users never touch, with defaults that suit most operators.
 *
 * @param namespaces the namespaces watched; empty means all namespaces
 * @param concurrency how many keys are reconciled at once (never two reconciles of one key)
 * @param retry how failed reconciles are retried
 * @param shutdownTimeout how long {@link Controller#stop()} waits for reconciles in flight
 * @param syncTimeout how long {@link Controller#start()} waits for informers to list
 * @param clock the clock of condition transition times
 */
public record ControllerOptions(List<String> namespaces, int concurrency, RetryPolicy retry,
    Duration shutdownTimeout, Duration syncTimeout, Clock clock) {

  /** All namespaces, 4 workers, client-go's retry policy, 30 s to drain, 2 min to sync, the system clock. */
  public static final ControllerOptions DEFAULT = new ControllerOptions(List.of(), 4, RetryPolicy.DEFAULT,
      Duration.ofSeconds(30), Duration.ofMinutes(2), Clock.systemUTC());

  public ControllerOptions {
    namespaces = List.copyOf(namespaces);
    if (namespaces.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("a namespace must not be blank: " + namespaces);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    if (syncTimeout.isZero() || syncTimeout.isNegative()) {
      throw new IllegalArgumentException("syncTimeout must be positive: " + syncTimeout);
    }
    Objects.requireNonNull(clock, "clock");
  }
}
