package dev.maestro.autoconfigure;

import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Maestro's controllers after the rest of the context (the web server included, so health answers while
 * informers sync) and stops them first on shutdown: no new keys are taken, reconciles in flight get
 * {@code maestro.shutdown-timeout} to finish, informers stop.
 *
 * <p>With a {@link LeaderElection} ({@code maestro.leader-election.enabled}), the controllers start standing by and
 * reconcile while this replica holds the Lease; on shutdown they stop reconciling first, then the Lease is released
 * so that another replica takes over without waiting for it to expire, then the informers stop.
 *
 * <p>While controllers run, a non-daemon thread named {@value #KEEP_ALIVE_THREAD} keeps the JVM alive, as a web
 * server's threads do: Maestro's own threads are daemons, so an operator without a web server would otherwise
 * exit as soon as its {@code main} returns. It ends when the context closes.
 */
public final class MaestroLifecycle implements SmartLifecycle {

  /**
   * Later than the web server's start ({@code DEFAULT_PHASE - 2048}) and its graceful shutdown
   * ({@code DEFAULT_PHASE - 1024}), so stopped before both: health answers while reconciles drain.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final ControllerRegistry registry;
  private final Duration shutdownTimeout;
  private final @org.jspecify.annotations.Nullable LeaderElection election;
  private final List<Controller<?>> started = new ArrayList<>();
  private volatile boolean running;
  private @org.jspecify.annotations.Nullable Thread keepAlive;

  /** The name of the thread that keeps the JVM alive while controllers run. */
  public static final String KEEP_ALIVE_THREAD = "maestro-keep-alive";

  MaestroLifecycle(ControllerRegistry registry, Duration shutdownTimeout,
      @org.jspecify.annotations.Nullable LeaderElection election) {
    this.registry = registry;
    this.shutdownTimeout = shutdownTimeout;
    this.election = election;
  }

  @Override
  public synchronized void start() {
    if (election != null && !registry.controllers().isEmpty()) {
      // starts every controller's informers, or none
      election.start(registry.controllers());
      started.addAll(registry.controllers());
    } else {
      try {
        for (Controller<?> controller : registry.controllers()) {
          controller.start();
          started.add(controller);
        }
      } catch (RuntimeException e) {
        stopAll();
        throw e;
      }
    }
    if (!started.isEmpty()) {
      keepAlive = new Thread(MaestroLifecycle::parkUntilInterrupted, KEEP_ALIVE_THREAD);
      keepAlive.setDaemon(false);
      keepAlive.start();
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    stopAll();
    if (keepAlive != null) {
      keepAlive.interrupt();
      keepAlive = null;
    }
    running = false;
  }

  private static void parkUntilInterrupted() {
    while (!Thread.currentThread().isInterrupted()) {
      java.util.concurrent.locks.LockSupport.park();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Not paused with its context ({@code ConfigurableApplicationContext.pause()}, as Spring's test context cache
   * does with the contexts it keeps): a stopped controller cannot start again, so the controllers keep running
   * until the context stops or closes.
   */
  @Override
  public boolean isPauseable() {
    return false;
  }

  private void stopAll() {
    if (election != null) {
      election.stop(shutdownTimeout);
      started.clear();
      return;
    }
    // in reverse start order, all within one shared timeout
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    started.clear();
  }
}
