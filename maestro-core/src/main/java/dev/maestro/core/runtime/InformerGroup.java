package dev.maestro.core.runtime;

import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 informers of one resource type over a controller's namespace scope: one informer for all
 * namespaces, or one per listed namespace. Serves reads as a {@link ResourceCache}.
 *
 * <p>Watches that break are re-established by fabric8 (the exception handler asks it to keep retrying), after a
 * relist that brings the cache back in line; events missed meanwhile surface as updates from that relist.
 *
 * @param <T> the resource type
 */
final class InformerGroup<T extends HasMetadata> implements ResourceCache<T> {

  private static final Logger log = LoggerFactory.getLogger(InformerGroup.class);

  private final Class<T> type;
  private final List<String> namespaces;
  private final java.util.Map<String, String> labels;
  private final List<SharedIndexInformer<T>> informers = new ArrayList<>();
  private final KubernetesSerialization serialization;
  private final CompletableFuture<Void> kindRegistered;
  private @Nullable CompletableFuture<Void> started;

  /**
   * @param kindRegistered completes when {@code type} is registered with the client's serialization (see
   *     {@link Informers}); {@link #start} waits for it
   */
  InformerGroup(KubernetesClient client, Class<T> type, List<String> namespaces, java.util.Map<String, String> labels,
      CompletableFuture<Void> kindRegistered) {
    this.type = type;
    this.namespaces = List.copyOf(namespaces);
    this.labels = java.util.Map.copyOf(labels);
    this.serialization = client.getKubernetesSerialization();
    this.kindRegistered = kindRegistered;
    if (namespaces.isEmpty()) {
      informers.add(selected(client.resources(type).inAnyNamespace()).runnableInformer(0));
    } else {
      for (String namespace : namespaces) {
        informers.add(selected(client.resources(type).inNamespace(namespace)).runnableInformer(0));
      }
    }
    for (SharedIndexInformer<T> informer : informers) {
      informer.addIndexers(java.util.Map.of(CONTROLLER_UID_INDEX, dev.maestro.core.internal.ControllerReferences::uids));
      informer.exceptionHandler((started, error) -> {
        lastError = error;
        log.warn("Watch of {} failed{}; fabric8 retries it", type.getSimpleName(),
            started ? "" : " before it started", error);
        return true;
      });
    }
  }

  /** Lists and watches only objects with the group's labels, when it has any. */
  private io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<T, ?, ?> selected(
      io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<T, ?, ?> operation) {
    return labels.isEmpty() ? operation : operation.withLabels(labels);
  }

  @Override
  public java.util.Map<String, String> labels() {
    return labels;
  }

  /**
   * Registers a handler; when the informers already run, the handler first sees every cached object as added.
   *
   * @param resync how often the handler sees every cached object again as an update; zero for never
   */
  void addHandler(ResourceEventHandler<? super T> handler, Duration resync) {
    informers.forEach(informer -> {
      if (resync.isZero()) {
        informer.addEventHandler(handler);
      } else {
        informer.addEventHandlerWithResyncPeriod(handler, resync.toMillis());
      }
    });
  }

  /** Registers a handler without resync. */
  void addHandler(ResourceEventHandler<? super T> handler) {
    addHandler(handler, Duration.ZERO);
  }

  /** The last failure of a list or watch, which the informers retry: named when the start times out. */
  private volatile @Nullable Throwable lastError;

  /** Removes a handler. */
  void removeHandler(ResourceEventHandler<? super T> handler) {
    informers.forEach(informer -> informer.removeEventHandler(handler));
  }

  /** The registration of the kind with the client's serialization (see {@link Informers}). */
  CompletableFuture<Void> kindRegistration() {
    return kindRegistered;
  }

  /**
   * Starts the informers unless they run already, without waiting: the returned future completes when they have
   * synced (their first list) and the kind is registered.
   */
  synchronized CompletableFuture<Void> startAsync() {
    if (started == null) {
      List<CompletableFuture<?>> steps = new ArrayList<>();
      informers.forEach(informer -> steps.add(informer.start().toCompletableFuture()));
      steps.add(kindRegistered);
      started = CompletableFuture.allOf(steps.toArray(CompletableFuture<?>[]::new));
    }
    return started;
  }

  /**
   * Starts the informers (once; later calls only wait) and waits for their first list and for the registration of
   * the kind, at most {@code timeout}.
   */
  void start(Duration timeout) {
    CompletableFuture<Void> all = startAsync();
    try {
      all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Throwable last = lastError;
      throw new IllegalStateException("Informers of " + type.getName() + " did not sync within " + timeout
          + (kindRegistered.isDone() ? "" : " (nor was the kind registered with the client's serialization)")
          + (last == null ? ": is the API server reachable?" : "; the last attempt failed with " + last.getMessage()
              + " (is the resource type installed, a CRD applied, and may this service account list and watch it?)"),
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Informers of " + type.getName() + " could not start (is the resource type"
          + " installed, a CRD applied, and may this service account list and watch it?): "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting informers of " + type.getName(), e);
    }
  }

  synchronized void stop() {
    informers.forEach(SharedIndexInformer::stop);
    started = null;
  }

  /** The cached object itself, not a copy: callers must not mutate it. */
  Optional<T> getShared(ResourceKey key) {
    for (SharedIndexInformer<T> informer : informers) {
      T found = informer.getStore().getByKey(key.toString());
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<T> get(ResourceKey key) {
    return getShared(key).map(serialization::clone);
  }

  @Override
  public List<T> list(@Nullable String namespace) {
    List<T> result = new ArrayList<>();
    for (SharedIndexInformer<T> informer : informers) {
      List<T> items = namespace == null ? informer.getStore().list()
          : informer.getIndexer().byIndex(io.fabric8.kubernetes.client.informers.cache.Cache.NAMESPACE_INDEX, namespace);
      items.forEach(item -> result.add(dev.maestro.core.internal.DeepCopy.of(item, serialization)));
    }
    return result;
  }

  @Override
  public List<T> controlledBy(String ownerUid) {
    List<T> result = new ArrayList<>();
    for (SharedIndexInformer<T> informer : informers) {
      informer.getIndexer().byIndex(CONTROLLER_UID_INDEX, ownerUid)
          .forEach(item -> result.add(dev.maestro.core.internal.DeepCopy.of(item, serialization)));
    }
    return result;
  }

  @Override
  public boolean hasSynced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** Whether every informer's watch is running. */
  boolean isWatching() {
    return informers.stream().allMatch(SharedIndexInformer::isWatching);
  }

  Class<T> type() {
    return type;
  }

  List<String> namespaces() {
    return namespaces;
  }
}
