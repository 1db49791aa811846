package dev.maestro.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultTest {

  @Test
  void mergeKeepsTheShortestRequeueWhicheverSideItIsOn() {
    Result soon = Result.requeueAfter(Duration.ofSeconds(10));
    Result late = Result.requeueAfter(Duration.ofSeconds(30));

    assertThat(soon.merge(late).requeue()).contains(Duration.ofSeconds(10));
    assertThat(late.merge(soon).requeue()).contains(Duration.ofSeconds(10));
  }

  @Test
  void mergeOfDoneAndARequeueKeepsTheRequeue() {
    Result requeue = Result.requeueAfter(Duration.ofSeconds(5));

    assertThat(Result.done().merge(requeue).requeue()).contains(Duration.ofSeconds(5));
    assertThat(requeue.merge(Result.done()).requeue()).contains(Duration.ofSeconds(5));
  }

  @Test
  void mergeOfTwoDonesIsDone() {
    assertThat(Result.done().merge(Result.done()).requeue()).isEmpty();
  }

  @Test
  void negativeRequeueIsRejected() {
    assertThatThrownBy(() -> Result.requeueAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
