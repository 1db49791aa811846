package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerOptionsTest {

  /** A zero sync timeout would give up on every informer at once, and retry the ones outside the scopes at once. */
  @Test
  void rejectsANonPositiveSyncTimeout() {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> new ControllerOptions(List.of(), 1, RetryPolicy.DEFAULT, Duration.ofSeconds(1),
          timeout, Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncTimeout");
    }
  }
}
