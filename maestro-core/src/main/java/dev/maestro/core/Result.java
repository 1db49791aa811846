package dev.maestro.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a step or a whole reconcile asks of the work queue: nothing more, or another reconcile after a delay.
 *
 * <p>Results of several steps combine with {@link #merge(Result)}: the shortest requeue wins, so that a step
 * needing an early look is never starved by one that asked for a late one.
 *
 * @param requeueAfter the delay before the key is reconciled again, or {@code null} for none
 */
public record Result(@Nullable Duration requeueAfter) {

  private static final Result DONE = new Result(null);

  public Result {
    if (requeueAfter != null && requeueAfter.isNegative()) {
      throw new IllegalArgumentException("requeueAfter must not be negative: " + requeueAfter);
    }
  }

  /** Nothing more to do until the parent or something it watches changes. */
  public static Result done() {
    return DONE;
  }

  /** Reconcile the same key again after {@code delay}, even if nothing changes. */
  public static Result requeueAfter(Duration delay) {
    return new Result(Objects.requireNonNull(delay, "delay"));
  }

  /** The requested delay, if any. */
  public Optional<Duration> requeue() {
    return Optional.ofNullable(requeueAfter);
  }

  /** Combines two results: the shortest requested requeue wins. */
  public Result merge(Result other) {
    if (requeueAfter == null) {
      return other;
    }
    if (other.requeueAfter == null || requeueAfter.compareTo(other.requeueAfter) <= 0) {
      return this;
    }
    return other;
  }
}
