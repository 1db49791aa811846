package dev.maestro.core.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The queue between informer events and reconciles, with the guarantees of client-go's rate-limited work queue.
 *
 * <ul>
 *   <li><b>Dedup.</b> A key waiting in the queue is there once, however often it is added.</li>
 *   <li><b>Exclusivity.</b> A key handed out by {@link #take()} is not handed out again until {@link #done} is
 *       called for it, so two workers never reconcile one key at once.</li>
 *   <li><b>No lost changes.</b> A key added while it is being processed is queued again when {@link #done} is
 *       called, so the change that caused the add is seen by a later reconcile.</li>
 *   <li><b>Delays.</b> {@link #addAfter} queues a key later; when the same key is waiting for several delays the
 *       earliest wins. {@link #addRateLimited} delays it by the {@link RetryRateLimiter}.</li>
 *   <li><b>Pause.</b> While {@linkplain #pause() paused} nothing is handed out ({@link #take()} returns
 *       {@code null}), but adds and delays go on as usual, so that {@link #resume()} finds every key that was
 *       asked for meanwhile: a replica standing by for leadership keeps its queue.</li>
 *   <li><b>Stop.</b> After {@link #shutDown()} nothing is handed out and adds are ignored;
 *       {@link #awaitInFlight(Duration)} waits for the keys being processed to be {@linkplain #done done}.</li>
 * </ul>
 *
 * <p>Written by hand: no maintained Java library offers these semantics together (JDK queues lack dedup with
 * in-flight tracking; Java Operator SDK keeps its equivalent internal).
 *
 * @param <K> the key type; equal keys are the same item
 */
public final class WorkQueue<K> implements AutoCloseable {

  /**
   * What a queue holds, read-only: what a controller shows of its queue, so that nothing outside it can add keys
   * (which would skip the controller's shard filter) or take them.
   *
   * @param <K> the key type
   */
  public interface View<K> {

    /** Keys waiting to be taken (not counting delayed ones). */
    int depth();

    /** Keys being processed now. */
    int inFlight();

    /** Keys waiting for a delay to pass (requeue-after or retry). */
    int delayed();

    /** Keys added since the queue was made, not counting adds of a key already waiting. */
    long adds();

    /** How many times in a row {@code key} has been retried. */
    int retries(K key);

    /** Whether the queue hands out no keys for now (a replica standing by for leadership). */
    boolean isPaused();
  }

  private final Object lock = new Object();
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Long> waitingUntil = new HashMap<>();
  private final Map<K, Long> queuedAt = new HashMap<>();
  private final Map<K, Long> waited = new HashMap<>();
  private long adds;
  private final RetryRateLimiter<K> rateLimiter;
  private final ScheduledExecutorService delays;
  private boolean shuttingDown;
  private boolean paused;

  /** A queue whose retries follow {@code retry}; {@code name} names its timer thread. */
  public WorkQueue(String name, RetryPolicy retry) {
    this.rateLimiter = new RetryRateLimiter<>(retry);
    this.delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "maestro-" + name + "-delays");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Queues {@code key} now, unless it is already waiting. */
  public void add(K key) {
    synchronized (lock) {
      if (shuttingDown || !dirty.add(key)) {
        return;
      }
      adds++;
      queuedAt.put(key, System.nanoTime());
      if (!processing.contains(key)) {
        queue.addLast(key);
        lock.notifyAll();
      }
    }
  }

  /** Queues {@code key} after {@code delay}; an earlier pending delay of the same key wins. */
  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (lock) {
      if (shuttingDown) {
        return;
      }
      Long pending = waitingUntil.get(key);
      if (pending != null && pending - deadline <= 0) {
        return;
      }
      waitingUntil.put(key, deadline);
    }
    try {
      delays.schedule(() -> fire(key, deadline), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shut down meanwhile: adds are ignored from then on anyway
    }
  }

  /** Queues {@code key} after its retry delay, and counts one more failure for it. */
  public Duration addRateLimited(K key) {
    Duration delay = rateLimiter.when(key);
    addAfter(key, delay);
    return delay;
  }

  /** Resets the retry backoff of {@code key}; call it when {@code key} was reconciled successfully. */
  public void forget(K key) {
    rateLimiter.forget(key);
  }

  /** How many times in a row {@code key} has been retried. */
  public int retries(K key) {
    return rateLimiter.failures(key);
  }

  /**
   * Waits for the next key and marks it as being processed.
   *
   * @return the key, or {@code null} once the queue is shut down or paused
   */
  public @Nullable K take() throws InterruptedException {
    synchronized (lock) {
      while (queue.isEmpty() && !shuttingDown && !paused) {
        lock.wait();
      }
      if (shuttingDown || paused) {
        return null;
      }
      K key = queue.removeFirst();
      dirty.remove(key);
      processing.add(key);
      Long since = queuedAt.remove(key);
      waited.put(key, since == null ? 0 : System.nanoTime() - since);
      return key;
    }
  }

  /** Marks {@code key} as processed; if it was added meanwhile, it is queued again. */
  public void done(K key) {
    synchronized (lock) {
      processing.remove(key);
      waited.remove(key);
      if (dirty.contains(key) && !shuttingDown) {
        queue.addLast(key);
      }
      lock.notifyAll();
    }
  }

  /** How long {@code key}, now being processed, waited in the queue before it was taken. */
  public Duration waited(K key) {
    synchronized (lock) {
      Long nanos = waited.get(key);
      return nanos == null ? Duration.ZERO : Duration.ofNanos(nanos);
    }
  }

  /** Keys added since the queue was made, not counting adds of a key already waiting. */
  public long adds() {
    synchronized (lock) {
      return adds;
    }
  }

  /** Keys waiting to be taken (not counting delayed ones). */
  public int depth() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Keys being processed now. */
  public int inFlight() {
    synchronized (lock) {
      return processing.size();
    }
  }

  /** Keys waiting for a delay to pass (requeue-after or retry). */
  public int delayed() {
    synchronized (lock) {
      return waitingUntil.size();
    }
  }

  /**
   * Stops handing out keys until {@link #resume()}: waiting and later {@link #take()} calls return {@code null}.
   * Keys are still added, delayed and deduplicated; keys in flight may still be marked done.
   */
  public void pause() {
    synchronized (lock) {
      paused = true;
      lock.notifyAll();
    }
  }

  /** Hands out keys again after {@link #pause()}, starting with those added meanwhile. */
  public void resume() {
    synchronized (lock) {
      paused = false;
      lock.notifyAll();
    }
  }

  /** Whether the queue is {@linkplain #pause() paused}. */
  public boolean isPaused() {
    synchronized (lock) {
      return paused;
    }
  }

  /** A read-only view of this queue, which cannot be cast back to it. */
  public View<K> view() {
    WorkQueue<K> queue = this;
    return new View<>() {
      @Override
      public int depth() {
        return queue.depth();
      }

      @Override
      public int inFlight() {
        return queue.inFlight();
      }

      @Override
      public int delayed() {
        return queue.delayed();
      }

      @Override
      public long adds() {
        return queue.adds();
      }

      @Override
      public int retries(K key) {
        return queue.retries(key);
      }

      @Override
      public boolean isPaused() {
        return queue.isPaused();
      }

      @Override
      public String toString() {
        return "WorkQueue.View[depth=" + depth() + ", inFlight=" + inFlight() + ", delayed=" + delayed() + "]";
      }
    };
  }

  /** Stops handing out keys and ignores further adds; keys in flight may still be marked done. */
  public void shutDown() {
    synchronized (lock) {
      shuttingDown = true;
      lock.notifyAll();
    }
    delays.shutdownNow();
  }

  /** Whether {@link #shutDown()} was called. */
  public boolean isShutDown() {
    synchronized (lock) {
      return shuttingDown;
    }
  }

  /**
   * Waits until no key is in flight, at most {@code timeout}.
   *
   * @return true when the in-flight keys drained in time
   */
  public boolean awaitInFlight(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!processing.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  @Override
  public void close() {
    shutDown();
  }

  private void fire(K key, long deadline) {
    synchronized (lock) {
      Long pending = waitingUntil.get(key);
      if (pending == null || pending != deadline) {
        return; // superseded by an earlier deadline, which fires on its own
      }
      waitingUntil.remove(key);
    }
    add(key);
  }
}
