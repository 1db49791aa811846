package dev.maestro.core.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides how long a key waits before its next retry, following a {@link RetryPolicy}: the larger of the key's
 * exponential backoff and the wait the overall token bucket imposes. Thread-safe.
 *
 * @param <K> the key type
 */
public final class RetryRateLimiter<K> {

  private final RetryPolicy policy;
  private final LongSupplier nanoTime;
  private final Map<K, Integer> failures = new HashMap<>();
  private double tokens;
  private long lastRefill;

  /** A limiter on the system clock. */
  public RetryRateLimiter(RetryPolicy policy) {
    this(policy, System::nanoTime);
  }

  /** A limiter on a given monotonic clock, in nanoseconds (for tests). */
  public RetryRateLimiter(RetryPolicy policy, LongSupplier nanoTime) {
    this.policy = policy;
    this.nanoTime = nanoTime;
    this.tokens = policy.burst();
    this.lastRefill = nanoTime.getAsLong();
  }

  /** Records one more failure of {@code key} and returns how long it waits before its retry. */
  public synchronized Duration when(K key) {
    int attempt = failures.merge(key, 1, Integer::sum) - 1;
    Duration backoff = backoff(attempt);
    Duration bucket = reserveToken();
    return backoff.compareTo(bucket) >= 0 ? backoff : bucket;
  }

  /** Forgets the failures of {@code key}: its next retry starts again at the base delay. */
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  /** How many times in a row {@code key} has failed. */
  public synchronized int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  private Duration backoff(int attempt) {
    // 2^attempt overflows long nanos beyond ~62 doublings; the cap is reached long before
    if (attempt >= 62) {
      return policy.maxDelay();
    }
    long base = policy.baseDelay().toNanos();
    long max = policy.maxDelay().toNanos();
    long factor = 1L << attempt;
    long delay = base > max / factor ? max : base * factor;
    return Duration.ofNanos(Math.min(delay, max));
  }

  private Duration reserveToken() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(policy.burst(), tokens + (now - lastRefill) / 1e9 * policy.ratePerSecond());
    lastRefill = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) (-tokens / policy.ratePerSecond() * 1e9));
  }
}
