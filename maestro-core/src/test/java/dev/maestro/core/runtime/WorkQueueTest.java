package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final WorkQueue<String> queue = new WorkQueue<>("test", RetryPolicy.DEFAULT);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    queue.close();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).as("test threads stopped").isTrue();
  }

  @Test
  void viewShowsTheQueueButCannotChangeIt() throws InterruptedException {
    WorkQueue.View<String> view = queue.view();
    queue.add("a");
    queue.add("b");
    queue.addAfter("c", Duration.ofHours(1));
    assertThat(queue.take()).isEqualTo("a");
    queue.addRateLimited("d");

    assertThat(view.depth()).isEqualTo(1);
    assertThat(view.inFlight()).isEqualTo(1);
    assertThat(view.delayed()).isEqualTo(2);
    assertThat(view.adds()).isEqualTo(queue.adds());
    assertThat(view.retries("d")).isEqualTo(1);
    assertThat(view.isPaused()).isFalse();
    queue.pause();
    assertThat(view.isPaused()).isTrue();
    assertThat(view).isNotInstanceOf(WorkQueue.class);
  }

  @Test
  void keyAddedManyTimesWhileWaitingIsHandedOutOnce() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      queue.add("a");
    }
    queue.add("b");

    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
    assertThat(queue.depth()).isZero();
  }

  @Test
  void pausedQueueReleasesWaitingTakersAndHandsOutNothingButKeepsItsKeys() throws Exception {
    CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, threads);
    await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(50)).until(() -> !waiting.isDone());

    queue.pause();

    assertThat(waiting.get(5, TimeUnit.SECONDS)).as("a take waiting when the queue paused").isNull();
    queue.add("a");
    queue.add("a");
    queue.addAfter("b", Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 2);
    assertThat(queue.take()).as("a take while paused").isNull();
    assertThat(queue.isPaused()).isTrue();

    queue.resume();

    assertThat(queue.isPaused()).isFalse();
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
  }

  @Test
  void keyInFlightWhenPausedIsQueuedAgainOnDoneWhenAddedMeanwhile() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.pause();
    queue.add("a");

    queue.done("a");

    assertThat(queue.depth()).isEqualTo(1);
    queue.resume();
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void keyAddedWhileInFlightIsNotHandedOutUntilDone() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");

    queue.add("a");
    queue.add("a");

    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @Test
  void keyAddedWhileInFlightIsHandedOutOnceMoreAfterDone() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.add("a");
    queue.add("a");

    queue.done("a");

    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isZero();
  }

  @Test
  void keyNotAddedWhileInFlightIsNotHandedOutAgainAfterDone() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");

    queue.done("a");

    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isZero();
  }

  @Test
  void concurrentWorkersNeverProcessOneKeyAtOnceAndSeeEveryLastChange() throws Exception {
    List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
    Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> version = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> lastSeen = new ConcurrentHashMap<>();
    for (String key : keys) {
      active.put(key, new AtomicInteger());
      version.put(key, new AtomicInteger());
      lastSeen.put(key, new AtomicInteger(-1));
    }
    List<String> overlaps = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();

    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      workers.add(CompletableFuture.runAsync(() -> {
        try {
          String key;
          while ((key = queue.take()) != null) {
            try {
              if (active.get(key).incrementAndGet() != 1) {
                overlaps.add(key);
              }
              // the version read here is what this "reconcile" acts on
              lastSeen.get(key).set(version.get(key).get());
              for (int spin = 0; spin < 50; spin++) {
                Thread.yield(); // widen the window in which a second worker could get the same key
              }
              processed.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              active.get(key).decrementAndGet();
            } finally {
              queue.done(key);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, threads));
    }

    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 20_000; i++) {
        String key = keys.get(i % keys.size());
        version.get(key).incrementAndGet();
        queue.add(key);
      }
    }, threads);
    producer.get(30, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(30)).until(() -> queue.depth() == 0 && queue.inFlight() == 0);
    queue.shutDown();
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(overlaps).as("keys processed by two workers at once").isEmpty();
    assertThat(processed.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      assertThat(lastSeen.get(key).get()).as("last version of %s seen by a worker", key)
          .isEqualTo(version.get(key).get());
    }
  }

  @Test
  void addAfterDeliversTheKeyNoEarlierThanTheDelay() throws Exception {
    long start = System.nanoTime();

    queue.addAfter("a", Duration.ofMillis(200));
    assertThat(queue.delayed()).isEqualTo(1);
    String taken = CompletableFuture.supplyAsync(this::takeUnchecked, threads).get(10, TimeUnit.SECONDS);

    assertThat(taken).isEqualTo("a");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(queue.delayed()).isZero();
  }

  @Test
  void addAfterWithZeroDelayQueuesAtOnce() {
    queue.addAfter("a", Duration.ZERO);

    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.delayed()).isZero();
  }

  @Test
  void earlierDelayAddedSecondWinsOverAPendingLaterOne() {
    queue.addAfter("a", Duration.ofSeconds(60));
    queue.addAfter("a", Duration.ofMillis(100));

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 1);
  }

  @Test
  void laterDelayAddedSecondDoesNotPostponeAPendingEarlierOne() {
    queue.addAfter("a", Duration.ofMillis(100));
    queue.addAfter("a", Duration.ofSeconds(60));

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 1);
  }

  @Test
  void supersededDelayFiringLaterNeitherDeliversTheKeyNorCutsShortItsNewerDelay() throws InterruptedException {
    queue.addAfter("a", Duration.ofMillis(300));
    queue.addAfter("a", Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("a");
    queue.done("a");

    queue.addAfter("a", Duration.ofSeconds(60));

    // the superseded 300 ms timer fires within this window and must leave the 60 s delay alone
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
        .until(() -> queue.depth() == 0 && queue.delayed() == 1);
  }

  @Test
  void shutDownWakesABlockedTakeWithNull() throws Exception {
    CompletableFuture<String> taker = CompletableFuture.supplyAsync(this::takeUnchecked, threads);

    queue.shutDown();

    assertThat(taker.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(queue.isShutDown()).isTrue();
  }

  @Test
  void takeReturnsNullAfterShutDownEvenWithKeysWaiting() throws InterruptedException {
    queue.add("a");

    queue.shutDown();

    assertThat(queue.take()).isNull();
  }

  @Test
  void addsAfterShutDownAreIgnored() {
    queue.shutDown();

    queue.add("a");
    queue.addAfter("b", Duration.ofMillis(50));

    assertThat(queue.depth()).isZero();
    assertThat(queue.delayed()).isZero();
  }

  @Test
  void awaitInFlightReturnsTrueOnceTheInFlightKeyIsDone() throws Exception {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.shutDown();
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(() -> awaitInFlightUnchecked(Duration.ofSeconds(30)), threads);

    queue.done("a");

    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.inFlight()).isZero();
  }

  @Test
  void awaitInFlightReturnsFalseOnTimeoutWhileAKeyIsStillInFlight() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.shutDown();

    assertThat(queue.awaitInFlight(Duration.ofMillis(100))).isFalse();
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @Test
  void awaitInFlightReturnsTrueAtOnceWhenNothingIsInFlight() throws InterruptedException {
    queue.add("a");

    assertThat(queue.awaitInFlight(Duration.ZERO)).isTrue();
  }

  @Test
  void keyAddedWhileInFlightIsNotRequeuedWhenDoneAfterShutDown() throws InterruptedException {
    queue.add("a");
    assertThat(queue.take()).isEqualTo("a");
    queue.add("a");
    queue.shutDown();

    queue.done("a");

    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isZero();
  }

  @Test
  void addRateLimitedCountsRetriesAndDeliversTheKey() {
    Duration first = queue.addRateLimited("a");
    Duration second = queue.addRateLimited("a");

    assertThat(queue.retries("a")).isEqualTo(2);
    assertThat(queue.retries("b")).isZero();
    assertThat(first).isEqualTo(Duration.ofMillis(5));
    assertThat(second).isEqualTo(Duration.ofMillis(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 1);
  }

  @Test
  void forgetResetsRetriesAndTheBackoff() {
    queue.addRateLimited("a");
    queue.addRateLimited("a");
    queue.addRateLimited("a");

    queue.forget("a");

    assertThat(queue.retries("a")).isZero();
    assertThat(queue.addRateLimited("a")).isEqualTo(RetryPolicy.DEFAULT.baseDelay());
    assertThat(queue.retries("a")).isEqualTo(1);
  }

  private String takeUnchecked() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean awaitInFlightUnchecked(Duration timeout) {
    try {
      return queue.awaitInFlight(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
