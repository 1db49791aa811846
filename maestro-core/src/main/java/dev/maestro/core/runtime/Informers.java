package dev.maestro.core.runtime;

import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of an application, shared: one per (resource type, namespace scope, label selector), however many
 * controllers, child steps, trackers and users read or watch that type. Two controllers that watch ConfigMaps in the
 * same namespaces open one watch and keep one cache.
 *
 * <p>Informers start on first use and stop when the last user releases them. {@link #cache(Class)} reads any type
 * some controller watches, by key or by the controller-UID index, without a request.
 */
public final class Informers {

  private static final Logger log = LoggerFactory.getLogger(Informers.class);

  private final KubernetesClient client;
  private final Map<Key, Entry> entries = new LinkedHashMap<>();
  /** Per type, the registration of its class with the client's serialization; one per type, whatever the groups. */
  private final Map<Class<?>, CompletableFuture<Void>> registrations = new HashMap<>();
  /** Runs those registrations one at a time, in order, on a daemon thread that ends when idle. */
  private final Executor registrar = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
      task -> {
        Thread thread = new Thread(task, "maestro-register-kinds");
        thread.setDaemon(true);
        return thread;
      });

  /** Informers through {@code client}. */
  public Informers(KubernetesClient client) {
    this.client = client;
  }

  /** The client the informers list and watch through. */
  public KubernetesClient client() {
    return client;
  }

  /** Acquires the shared group of {@code type} over {@code namespaces} (empty: all); release it when done. */
  synchronized <T extends HasMetadata> InformerGroup<T> acquire(Class<T> type, List<String> namespaces) {
    return acquire(type, namespaces, Map.of());
  }

  /**
   * Acquires the shared group of the objects of {@code type} with {@code labels} (empty: all of them) over
   * {@code namespaces} (empty: all); release it when done.
   */
  @SuppressWarnings("unchecked")
  synchronized <T extends HasMetadata> InformerGroup<T> acquire(Class<T> type, List<String> namespaces,
      Map<String, String> labels) {
    Key key = new Key(type, List.copyOf(new TreeSet<>(namespaces)), new java.util.TreeMap<>(labels));
    Entry entry = entries.computeIfAbsent(key, k -> new Entry(new InformerGroup<>(client, type, k.namespaces(),
        k.labels(), registrations.computeIfAbsent(type, t -> register(type)))));
    entry.users++;
    return (InformerGroup<T>) entry.group;
  }

  /**
   * Registers a custom resource class as the class of its apiVersion and kind with the client's serialization,
   * unless a class is registered for them already. fabric8 8 reads a watch event's object as the registered class of
   * its kind; for a custom resource class nobody registered, it reads a {@code GenericKubernetesResource} and
   * converts that to the type, which doubles the cost of every event. The registration holds for everything that
   * shares the client: other code that reads the same kind generically (or through another class) with it gets
   * this class's view, so it should use a client of its own.
   *
   * <p>The first lookup makes fabric8 index every model class on the class path, which takes a few hundred
   * milliseconds; so it runs on the registrar's thread, beside the rest of the application's start-up (one class
   * after another, in the order asked, so that of two classes of one kind the first wins). A group's start waits
   * for it. Until it is done, events would only be read the slower way, which is why a failure is logged and not
   * raised.
   */
  private CompletableFuture<Void> register(Class<? extends HasMetadata> type) {
    if (!CustomResource.class.isAssignableFrom(type)) {
      return CompletableFuture.completedFuture(null);
    }
    KubernetesSerialization serialization = client.getKubernetesSerialization();
    return CompletableFuture.runAsync(() -> {
      String apiVersion;
      try {
        apiVersion = HasMetadata.getApiVersion(type);
      } catch (IllegalArgumentException e) {
        return; // no @Group/@Version: fabric8 cannot route events to it by kind either
      }
      String kind = HasMetadata.getKind(type);
      if (apiVersion != null && kind != null
          && serialization.getRegisteredKubernetesResource(apiVersion, kind) == null) {
        serialization.registerKubernetesResource(type);
      }
    }, registrar).exceptionally(error -> {
      log.warn("Could not register {} with the client's serialization; its watch events are read as generic"
          + " resources and converted", type.getName(), error);
      return null;
    });
  }

  /** Releases a group acquired before; the last release stops its informers. */
  synchronized void release(InformerGroup<?> group) {
    entries.entrySet().removeIf(e -> {
      if (e.getValue().group != group) {
        return false;
      }
      if (--e.getValue().users > 0) {
        return false;
      }
      group.stop();
      return true;
    });
  }

  /**
   * A cache of {@code type} over every namespace scope an informer watches it in.
   *
   * @throws IllegalArgumentException when nothing watches {@code type}
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> ResourceCache<T> cache(Class<T> type) {
    List<InformerGroup<T>> groups = new ArrayList<>();
    entries.forEach((key, entry) -> {
      if (key.type() == type) {
        groups.add((InformerGroup<T>) entry.group);
      }
    });
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("No informer watches " + type.getName());
    }
    return groups.size() == 1 ? groups.get(0) : new UnionCache<>(groups);
  }

  /** How many informer groups run (each is one watch per namespace, or one for all namespaces). */
  public synchronized int groups() {
    return entries.size();
  }

  /** How many informer groups of {@code type} run. */
  public synchronized int groups(Class<? extends HasMetadata> type) {
    return (int) entries.keySet().stream().filter(key -> key.type() == type).count();
  }

  private record Key(Class<?> type, List<String> namespaces, Map<String, String> labels) {}

  private static final class Entry {
    final InformerGroup<?> group;
    int users;

    Entry(InformerGroup<?> group) {
      this.group = group;
    }
  }

  /** Reads over several groups of one type; the first that holds a key wins. */
  private record UnionCache<T extends HasMetadata>(List<InformerGroup<T>> groups) implements ResourceCache<T> {

    @Override
    public Optional<T> get(ResourceKey key) {
      for (InformerGroup<T> group : groups) {
        Optional<T> found = group.get(key);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }

    @Override
    public List<T> list(@Nullable String namespace) {
      Map<ResourceKey, T> all = new LinkedHashMap<>();
      groups.forEach(group -> group.list(namespace).forEach(item -> all.putIfAbsent(ResourceKey.of(item), item)));
      return List.copyOf(all.values());
    }

    @Override
    public List<T> controlledBy(String ownerUid) {
      Map<ResourceKey, T> all = new LinkedHashMap<>();
      groups.forEach(group -> group.controlledBy(ownerUid).forEach(item -> all.putIfAbsent(ResourceKey.of(item),
          item)));
      return List.copyOf(all.values());
    }

    @Override
    public boolean hasSynced() {
      return groups.stream().allMatch(InformerGroup::hasSynced);
    }

    /** The labels every group selects (with the same value): those every object here carries. */
    @Override
    public Map<String, String> labels() {
      Map<String, String> common = new LinkedHashMap<>(groups.get(0).labels());
      groups.forEach(group -> common.entrySet().removeIf(label ->
          !label.getValue().equals(group.labels().get(label.getKey()))));
      return Map.copyOf(common);
    }
  }

}
