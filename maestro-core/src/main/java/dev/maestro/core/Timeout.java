package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Bounds how long a step may run. The step runs on a separate thread carrying the reconcile's MDC; when it does
 * not finish in time it is interrupted and the reconcile fails with reason {@code Timeout}, retried with backoff.
 * A step that ignores interruption keeps running in the background until it returns, so blocking calls in steps
 * should have their own timeouts too (fabric8's requests do). The step's cleanup runs without the bound, on the
 * reconcile's thread: a cleanup cut short would only run again.
 *
 * @param <P> the parent type
 */
public final class Timeout<P extends HasMetadata> extends Wrapper<P> {

  /** The reason of the error when the step runs out of time. */
  public static final String REASON = "Timeout";

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "maestro-timeout-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

  private final Duration timeout;

  Timeout(Step<P> step, Duration timeout) {
    super(step);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive: " + timeout);
    }
  }

  @Override
  public Result reconcile(ReconcileContext<P> context, P parent) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Future<Result> future = EXECUTOR.submit(() -> {
      if (mdc != null) {
        MDC.setContextMap(mdc);
      }
      try {
        return step.reconcile(context, parent);
      } finally {
        MDC.clear();
      }
    });
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ReconcileException(REASON, step.name() + " did not finish within " + timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ReconcileException(REASON, "interrupted while waiting for " + step.name(), e);
    }
  }

  @Override
  public String name() {
    return "Timeout(" + step.name() + ", " + timeout + ")";
  }
}
