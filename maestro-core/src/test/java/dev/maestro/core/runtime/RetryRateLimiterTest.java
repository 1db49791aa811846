package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryRateLimiterTest {

  /** A bucket so large and fast that only the per-key backoff shows. */
  private static final int NO_BUCKET_BURST = 1_000_000;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private RetryRateLimiter<String> limiter(RetryPolicy policy) {
    return new RetryRateLimiter<>(policy, clock::get);
  }

  private static RetryPolicy backoffOnly(Duration base, Duration max) {
    return new RetryPolicy(base, max, 1_000_000, NO_BUCKET_BURST);
  }

  @Test
  void backoffOfAKeyDoublesFromTheBaseDelay() {
    RetryRateLimiter<String> limiter = limiter(backoffOnly(Duration.ofMillis(5), Duration.ofSeconds(1000)));

    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(limiter.when("a"));
    }

    assertThat(delays).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(40), Duration.ofMillis(80));
    assertThat(limiter.failures("a")).isEqualTo(5);
  }

  @Test
  void backoffOfAKeyIsCappedAtTheMaxDelay() {
    RetryRateLimiter<String> limiter = limiter(backoffOnly(Duration.ofMillis(5), Duration.ofMillis(30)));

    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      delays.add(limiter.when("a"));
    }

    assertThat(delays).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(30));
  }

  @Test
  void backoffStaysAtTheMaxDelayAfterManyFailuresWithoutOverflowing() {
    RetryRateLimiter<String> limiter = limiter(backoffOnly(Duration.ofMillis(5), Duration.ofSeconds(1000)));

    Duration last = Duration.ZERO;
    for (int i = 0; i < 100; i++) {
      Duration delay = limiter.when("a");
      assertThat(delay).as("delay of failure %d", i + 1).isGreaterThanOrEqualTo(last)
          .isLessThanOrEqualTo(Duration.ofSeconds(1000));
      last = delay;
    }

    assertThat(last).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void backoffIsIndependentPerKey() {
    RetryRateLimiter<String> limiter = limiter(backoffOnly(Duration.ofMillis(5), Duration.ofSeconds(1000)));
    limiter.when("a");
    limiter.when("a");
    limiter.when("a");

    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(40));
    assertThat(limiter.failures("a")).isEqualTo(4);
    assertThat(limiter.failures("b")).isEqualTo(1);
  }

  @Test
  void forgetRestartsTheBackoffOfThatKeyOnly() {
    RetryRateLimiter<String> limiter = limiter(backoffOnly(Duration.ofMillis(5), Duration.ofSeconds(1000)));
    limiter.when("a");
    limiter.when("a");
    limiter.when("b");
    limiter.when("b");

    limiter.forget("a");

    assertThat(limiter.failures("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void firstBurstRetriesPassTheBucketThenEachWaitsOneMoreRateInterval() {
    // 4 per second: each token is 250 ms, exact in binary floating point
    RetryRateLimiter<String> limiter = limiter(new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(10), 4, 3));

    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      delays.add(limiter.when("key-" + i));
    }

    assertThat(delays).containsExactly(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750));
  }

  @Test
  void bucketWaitWinsOverAShorterBackoff() {
    RetryRateLimiter<String> limiter = limiter(new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 1, 1));

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void bucketRefillsAsTheClockAdvances() {
    RetryRateLimiter<String> limiter = limiter(new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(10), 4, 2));
    limiter.when("a");
    limiter.when("b");

    clock.addAndGet(Duration.ofMillis(250).toNanos());

    assertThat(limiter.when("c")).as("one token refilled").isEqualTo(Duration.ofMillis(1));
    assertThat(limiter.when("d")).as("bucket empty again").isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void bucketRefillsNoFurtherThanTheBurst() {
    RetryRateLimiter<String> limiter = limiter(new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(10), 4, 2));
    limiter.when("a");
    limiter.when("b");
    limiter.when("c");

    clock.addAndGet(Duration.ofSeconds(100).toNanos());

    assertThat(limiter.when("d")).isEqualTo(Duration.ofMillis(1));
    assertThat(limiter.when("e")).isEqualTo(Duration.ofMillis(1));
    assertThat(limiter.when("f")).as("only the burst was refilled").isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void bucketIsSharedByAllKeysWhileBackoffIsNot() {
    RetryRateLimiter<String> limiter = limiter(new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(10), 4, 1));

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(1));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(250));
    assertThat(limiter.failures("b")).isEqualTo(1);
  }
}
