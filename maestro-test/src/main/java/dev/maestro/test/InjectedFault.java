package dev.maestro.test;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Fault} armed on an {@link EmbeddedApiServer}: counts how often it fired, and can be disarmed before it
 * is used up. A fault that never fired usually means a test does not exercise the path it was written for.
 */
public final class InjectedFault {

  private final Fault fault;
  private final AtomicInteger fired = new AtomicInteger();
  private volatile boolean removed;

  InjectedFault(Fault fault) {
    this.fault = fault;
  }

  /** The fault as armed. */
  public Fault fault() {
    return fault;
  }

  /** How many requests it failed so far. */
  public int timesFired() {
    return fired.get();
  }

  /** Whether it can fire no more: used up or removed. */
  public boolean isSpent() {
    return removed || (fault.times() >= 0 && fired.get() >= fault.times());
  }

  /** Disarms it; a no-op when it is spent. */
  public void remove() {
    removed = true;
  }

  /** Claims one firing; false when the fault is spent. */
  boolean tryFire() {
    if (removed) {
      return false;
    }
    if (fault.times() < 0) {
      fired.incrementAndGet();
      return true;
    }
    while (true) {
      int current = fired.get();
      if (current >= fault.times()) {
        return false;
      }
      if (fired.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return fault + " (fired " + fired.get() + " times)";
  }
}
