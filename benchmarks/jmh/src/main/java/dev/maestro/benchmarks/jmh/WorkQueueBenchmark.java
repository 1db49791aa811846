package dev.maestro.benchmarks.jmh;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.core.runtime.WorkQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The work queue between informer events and workers: what one event costs from {@code add} until a worker has
 * the key ({@code take}) and hands it back ({@code done}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkQueueBenchmark {

  /** Keys per batch: a backlog of distinct parents, as after an informer's first list. */
  static final int BATCH = 1000;

  private WorkQueue<ResourceKey> queue;
  private ResourceKey[] keys;
  private int next;

  @Setup
  public void setUp() {
    queue = new WorkQueue<>("jmh", RetryPolicy.DEFAULT);
    keys = new ResourceKey[BATCH];
    for (int i = 0; i < BATCH; i++) {
      keys[i] = new ResourceKey("bench-" + (i % 10), "greeting-" + i);
    }
  }

  @TearDown
  public void tearDown() {
    queue.shutDown();
  }

  /** One key through the queue: add, take, done. */
  @Benchmark
  public ResourceKey addThenDispatch() throws InterruptedException {
    ResourceKey key = keys[next++ % BATCH];
    queue.add(key);
    ResourceKey taken = queue.take();
    queue.done(taken);
    return taken;
  }

  /** A backlog: {@value #BATCH} distinct keys added, then each taken and done; the score is per key. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int backlogAddThenDispatch() throws InterruptedException {
    for (ResourceKey key : keys) {
      queue.add(key);
    }
    int taken = 0;
    for (int i = 0; i < BATCH; i++) {
      queue.done(queue.take());
      taken++;
    }
    return taken;
  }

  /** An event for a key that is already waiting: deduplicated, the cost of a burst of events for one parent. */
  @Benchmark
  public long addOfAWaitingKey() throws InterruptedException {
    queue.add(keys[0]);
    queue.add(keys[0]);
    queue.done(queue.take());
    return queue.adds();
  }
}
