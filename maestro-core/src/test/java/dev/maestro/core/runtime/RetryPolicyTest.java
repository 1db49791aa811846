package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultMatchesClientGoControllerRateLimiter() {
    assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100));
  }

  @Test
  void rejectsANonPositiveBaseDelay() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 10, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseDelay");
  }

  @Test
  void rejectsAMaxDelayShorterThanTheBaseDelay() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 10, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
  }

  @Test
  void rejectsANonPositiveOrNaNRate() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(5), Duration.ofSeconds(1), 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratePerSecond");
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(5), Duration.ofSeconds(1), Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratePerSecond");
  }

  @Test
  void rejectsABurstBelowOne() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(5), Duration.ofSeconds(1), 10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
  }
}
