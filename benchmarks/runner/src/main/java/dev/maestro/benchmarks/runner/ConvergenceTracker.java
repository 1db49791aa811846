package dev.maestro.benchmarks.runner;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Tells when every expected Greeting has converged, from the load generator's own informers (whose list and watch
 * requests the API server does not count as the operator's).
 *
 * <p>A Greeting has converged when: the informer shows it with the expected {@code spec.message}; its
 * {@code status.observedGeneration} equals its {@code metadata.generation}; it has a condition {@code Ready} with
 * status {@code True}; and the ConfigMap {@code <name>-greeting} in its namespace has {@code data.message} equal to
 * the expected message and an owner reference to the Greeting's uid.
 *
 * <p>The time of convergence is taken in the informer's thread, when the event that completes the set arrives, not
 * when the waiting thread wakes up.
 */
final class ConvergenceTracker implements AutoCloseable {

  private final Object lock = new Object();
  private final Map<String, String> expected = new HashMap<>();
  private final Map<String, GreetingState> greetings = new HashMap<>();
  private final Map<String, ChildState> children = new HashMap<>();
  private final Set<String> converged = new HashSet<>();
  private long completedNanos;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  /** Starts the informers on {@code client} (the load generator's) and waits for their first list. */
  ConvergenceTracker(KubernetesClient client) {
    informers.add(client.genericKubernetesResources(LoadGenerator.GREETINGS).inAnyNamespace()
        .inform(new Handler<>(this::onGreeting), 0));
    informers.add(client.configMaps().inAnyNamespace().inform(new Handler<>(this::onConfigMap), 0));
  }

  /** Expects Greeting {@code key} ({@code namespace/name}) to converge on {@code message}. */
  void expect(String key, String message) {
    synchronized (lock) {
      expected.put(key, message);
      evaluate(key);
    }
  }

  /**
   * Waits until every expected Greeting has converged.
   *
   * @return the {@link System#nanoTime()} at which the last one converged
   * @throws TimeoutException naming a few Greetings that have not, and why
   */
  long awaitAll(Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (converged.size() < expected.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(converged.size() + " of " + expected.size() + " Greetings converged within "
              + timeout + "; for example: " + pendingSample(5));
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return completedNanos;
    }
  }

  /** How many expected Greetings have converged now. */
  int convergedCount() {
    synchronized (lock) {
      return converged.size();
    }
  }

  private List<String> pendingSample(int max) {
    List<String> sample = new ArrayList<>();
    for (String key : expected.keySet()) {
      if (!converged.contains(key)) {
        sample.add(key + " (" + whyNot(key) + ")");
        if (sample.size() == max) {
          break;
        }
      }
    }
    return sample;
  }

  @SuppressWarnings("unchecked")
  private void onGreeting(GenericKubernetesResource greeting, boolean deleted) {
    String key = greeting.getMetadata().getNamespace() + "/" + greeting.getMetadata().getName();
    Map<String, Object> spec = (Map<String, Object>) greeting.getAdditionalProperties().get("spec");
    Map<String, Object> status = (Map<String, Object>) greeting.getAdditionalProperties().get("status");
    boolean ready = false;
    Long observed = null;
    if (status != null) {
      observed = status.get("observedGeneration") instanceof Number number ? number.longValue() : null;
      if (status.get("conditions") instanceof List<?> conditions) {
        for (Object condition : conditions) {
          if (condition instanceof Map<?, ?> map && "Ready".equals(map.get("type")) && "True".equals(map.get("status"))) {
            ready = true;
          }
        }
      }
    }
    GreetingState state = new GreetingState(greeting.getMetadata().getUid(),
        spec == null ? null : (String) spec.get("message"), greeting.getMetadata().getGeneration(), observed, ready);
    synchronized (lock) {
      if (deleted) {
        greetings.remove(key);
      } else {
        greetings.put(key, state);
      }
      evaluate(key);
    }
  }

  private void onConfigMap(ConfigMap configMap, boolean deleted) {
    String name = configMap.getMetadata().getName();
    if (!name.endsWith("-greeting")) {
      return;
    }
    String key = configMap.getMetadata().getNamespace() + "/" + name.substring(0, name.length() - "-greeting".length());
    Set<String> owners = new HashSet<>();
    for (OwnerReference owner : configMap.getMetadata().getOwnerReferences()) {
      if ("Greeting".equals(owner.getKind())) {
        owners.add(owner.getUid());
      }
    }
    ChildState state = new ChildState(configMap.getData() == null ? null : configMap.getData().get("message"), owners);
    synchronized (lock) {
      if (deleted) {
        children.remove(key);
      } else {
        children.put(key, state);
      }
      evaluate(key);
    }
  }

  /** Re-evaluates one key; the caller holds the lock. */
  private void evaluate(String key) {
    if (!expected.containsKey(key)) {
      return;
    }
    if (whyNot(key) == null) {
      if (converged.add(key) && converged.size() == expected.size()) {
        completedNanos = System.nanoTime();
        lock.notifyAll();
      }
    } else {
      converged.remove(key);
    }
  }

  /** Why {@code key} has not converged, or null when it has. */
  private @Nullable String whyNot(String key) {
    String message = expected.get(key);
    GreetingState greeting = greetings.get(key);
    ChildState child = children.get(key);
    if (greeting == null) {
      return "no Greeting seen";
    }
    if (!Objects.equals(message, greeting.message())) {
      return "Greeting not yet seen with the expected message";
    }
    if (greeting.observedGeneration() == null || !greeting.observedGeneration().equals(greeting.generation())) {
      return "observedGeneration " + greeting.observedGeneration() + " != generation " + greeting.generation();
    }
    if (!greeting.ready()) {
      return "not Ready=True";
    }
    if (child == null) {
      return "no ConfigMap";
    }
    if (!Objects.equals(message, child.message())) {
      return "ConfigMap holds '" + child.message() + "'";
    }
    if (!child.ownerUids().contains(greeting.uid())) {
      return "ConfigMap has no owner reference to the Greeting's uid";
    }
    return null;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  private record GreetingState(String uid, @Nullable String message, @Nullable Long generation,
      @Nullable Long observedGeneration, boolean ready) {}

  private record ChildState(@Nullable String message, Set<String> ownerUids) {}

  /** Calls back with the new state of an object, or its last state and {@code true} on delete. */
  private static final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final java.util.function.BiConsumer<T, Boolean> callback;

    Handler(java.util.function.BiConsumer<T, Boolean> callback) {
      this.callback = callback;
    }

    @Override
    public void onAdd(T object) {
      callback.accept(object, false);
    }

    @Override
    public void onUpdate(T before, T after) {
      callback.accept(after, false);
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      callback.accept(object, true);
    }
  }
}
