package dev.maestro.benchmarks.fabric8;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The least a controller's queue must do, as client-go's: a key waits at most once, and a key is never handed to
 * two workers at a time (one added while it is being worked on waits until {@link #done} and is handed out then).
 */
final class KeyQueue {

  private final ArrayDeque<String> order = new ArrayDeque<>();
  private final Set<String> waiting = new HashSet<>();
  private final Set<String> working = new HashSet<>();

  synchronized void add(String key) {
    if (!waiting.add(key)) {
      return;
    }
    if (!working.contains(key)) {
      order.add(key);
      notify();
    }
  }

  synchronized String take() throws InterruptedException {
    while (order.isEmpty()) {
      wait();
    }
    String key = order.poll();
    waiting.remove(key);
    working.add(key);
    return key;
  }

  synchronized void done(String key) {
    working.remove(key);
    if (waiting.contains(key)) {
      order.add(key);
      notify();
    }
  }
}
