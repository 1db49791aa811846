package dev.maestro.core.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed reconciles are retried: per key, an exponential backoff from {@code baseDelay} doubling up to
 * {@code maxDelay}; across all keys of a controller, a token bucket of {@code ratePerSecond} with {@code burst}
 * so that a mass failure (the API server down, say) cannot turn into a retry storm. The delay of a retry is the
 * larger of the two. A success resets the key's backoff.
 *
 * @param baseDelay the delay of the first retry of a key
 * @param maxDelay the cap of a key's delay
 * @param ratePerSecond the overall rate of retries, in keys per second
 * @param burst how many retries may go at once before the overall rate applies
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, double ratePerSecond, int burst) {

  /** client-go's default controller rate limiter: 5 ms doubling to 1000 s per key; 10/s, burst 100 overall. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive: " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than baseDelay " + baseDelay);
    }
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
  }
}
