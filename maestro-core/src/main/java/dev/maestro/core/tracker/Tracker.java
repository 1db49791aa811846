package dev.maestro.core.tracker;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Remembers which parents refer to which objects, so that a change to an object reconciles the parents that use
 * it (reconciler-runtime's tracker): "this Greeting reads ConfigMap default/messages".
 *
 * <p>Semantics users rely on:
 * <ul>
 *   <li>A parent tracks a reference (kind, namespace, name) or a label selector (kind, namespace or all, labels);
 *       a create, change or delete of a matching object enqueues every parent that tracks it.</li>
 *   <li>Tracks are replaced per reconcile: what a successful reconcile tracked is what the parent tracks from then
 *       on, so tracks a parent no longer needs expire. A failed reconcile adds to the earlier tracks instead, so
 *       nothing is lost to an early error. A deleted parent's tracks are dropped.</li>
 *   <li>Memory is bounded by the live tracks: one entry per (parent, target).</li>
 * </ul>
 * The tracker itself does not watch; a controller connects it to the informers of tracked kinds (started on first
 * use, shared) and calls {@link #changed(HasMetadata)} for their events.
 */
public final class Tracker {

  private final Map<Parent, Set<Target>> byParent = new HashMap<>();
  private final Map<Target, Set<Parent>> byTarget = new HashMap<>();
  private final Map<Class<?>, Set<Target>> selectors = new HashMap<>();
  private final Map<String, Consumer<ResourceKey>> controllers = new HashMap<>();
  private final Map<String, Watcher> watchers = new HashMap<>();

  /** How a controller makes sure a tracked kind is watched where a track points. */
  @FunctionalInterface
  public interface Watcher {

    /**
     * Makes sure {@code kind} is watched, in {@code namespace} too (null: the controller's namespaces, or a
     * cluster-scoped kind), and routes its events to {@link #changed}; returns whether it already was.
     */
    boolean watch(Class<? extends HasMetadata> kind, @Nullable String namespace);
  }

  /**
   * Connects a controller: {@code enqueue} reconciles one of its parents; {@code watcher} makes sure a tracked kind
   * is watched, in the track's namespace too (so that an object tracked outside the namespaces the controller
   * watches is watched where it is), and routes its events to {@link #changed}.
   */
  public synchronized void register(String controller, Consumer<ResourceKey> enqueue, Watcher watcher) {
    controllers.put(controller, Objects.requireNonNull(enqueue, "enqueue"));
    watchers.put(controller, Objects.requireNonNull(watcher, "watcher"));
  }

  /** Disconnects a controller and forgets its tracks. */
  public synchronized void unregister(String controller) {
    controllers.remove(controller);
    watchers.remove(controller);
    new ArrayList<>(byParent.keySet()).stream().filter(p -> p.controller().equals(controller)).forEach(this::drop);
  }

  /** A record of what one reconcile of {@code parent} tracks; {@link Session#commit(boolean)} it at the end. */
  public Session session(String controller, ResourceKey parent) {
    return new Session(new Parent(controller, parent));
  }

  /** Forgets the tracks of a parent (it was deleted). */
  public synchronized void forget(String controller, ResourceKey parent) {
    drop(new Parent(controller, parent));
  }

  /** Enqueues every parent that tracks {@code object}; called for every event of a tracked kind. */
  public void changed(HasMetadata object) {
    changed(null, object);
  }

  /**
   * Enqueues every parent that tracks {@code after}, or tracked it as {@code before} was: an object that stops
   * matching a selector (its labels changed) concerns the parents that selected it too.
   */
  public void changed(@Nullable HasMetadata before, HasMetadata after) {
    Set<Parent> parents = new java.util.LinkedHashSet<>();
    synchronized (this) {
      ResourceKey key = ResourceKey.of(after);
      Set<Parent> exact = byTarget.get(new Target(after.getClass(), key.namespace(), key.name(), null));
      if (exact != null) {
        parents.addAll(exact);
      }
      for (Target selector : selectors.getOrDefault(after.getClass(), Set.of())) {
        if (selector.matches(after) || (before != null && selector.matches(before))) {
          parents.addAll(byTarget.getOrDefault(selector, Set.of()));
        }
      }
    }
    for (Parent parent : parents) {
      Consumer<ResourceKey> enqueue;
      synchronized (this) {
        enqueue = controllers.get(parent.controller());
      }
      if (enqueue != null) {
        enqueue.accept(parent.key());
      }
    }
  }

  /** Whether some parent of {@code controller} tracks an object of {@code kind} in {@code namespace}. */
  public synchronized boolean tracks(String controller, Class<?> kind, String namespace) {
    for (Map.Entry<Parent, Set<Target>> entry : byParent.entrySet()) {
      if (entry.getKey().controller().equals(controller) && entry.getValue().stream()
          .anyMatch(target -> target.kind() == kind && namespace.equals(target.namespace()))) {
        return true;
      }
    }
    return false;
  }

  /** How many (parent, target) tracks are live. */
  public synchronized int size() {
    return byParent.values().stream().mapToInt(Set::size).sum();
  }

  /** The targets {@code parent} of {@code controller} tracks, described. */
  public synchronized List<String> tracksOf(String controller, ResourceKey parent) {
    return byParent.getOrDefault(new Parent(controller, parent), Set.of()).stream().map(Target::toString).toList();
  }

  private synchronized void replace(Parent parent, Set<Target> targets, boolean replace) {
    Set<Target> previous = byParent.getOrDefault(parent, Set.of());
    Set<Target> next = new LinkedHashSet<>(targets);
    if (!replace) {
      next.addAll(previous);
    }
    for (Target old : previous) {
      if (!next.contains(old)) {
        unlink(parent, old);
      }
    }
    for (Target target : next) {
      byTarget.computeIfAbsent(target, t -> new HashSet<>()).add(parent);
      if (target.selector() != null) {
        selectors.computeIfAbsent(target.kind(), k -> new HashSet<>()).add(target);
      }
    }
    if (next.isEmpty()) {
      byParent.remove(parent);
    } else {
      byParent.put(parent, next);
    }
  }

  private void drop(Parent parent) {
    Set<Target> previous = byParent.remove(parent);
    if (previous != null) {
      previous.forEach(target -> unlink(parent, target));
    }
  }

  private void unlink(Parent parent, Target target) {
    Set<Parent> parents = byTarget.get(target);
    if (parents != null) {
      parents.remove(parent);
      if (parents.isEmpty()) {
        byTarget.remove(target);
        if (target.selector() != null) {
          Set<Target> ofKind = selectors.get(target.kind());
          if (ofKind != null) {
            ofKind.remove(target);
            if (ofKind.isEmpty()) {
              selectors.remove(target.kind());
            }
          }
        }
      }
    }
  }

  private void ensureWatched(Parent parent, Class<? extends HasMetadata> kind, @Nullable String namespace) {
    Watcher watch;
    synchronized (this) {
      watch = watchers.get(parent.controller());
    }
    if (watch == null) {
      throw new IllegalStateException("controller " + parent.controller() + " is not connected to the tracker");
    }
    watch.watch(kind, namespace);
  }

  /** What one reconcile tracks. Not thread-safe: one reconcile, one thread. */
  public final class Session {

    private final Parent parent;
    private final Set<Target> targets = new LinkedHashSet<>();

    private Session(Parent parent) {
      this.parent = parent;
    }

    /** Tracks the object of {@code kind} at {@code key} for this reconcile's parent. */
    public void track(Class<? extends HasMetadata> kind, ResourceKey key) {
      Target target = new Target(kind, key.namespace(), key.name(), null);
      targets.add(target);
      // visible at once: a change between this read and the end of the reconcile must not be missed; and before the
      // watch, so that an informer kept only while something is tracked (ADHOC) sees the track when it starts. If the
      // watch then fails, the reconcile fails, and the track stays as a failed reconcile's tracks do
      replace(parent, Set.of(target), false);
      ensureWatched(parent, kind, key.namespace());
    }

    /** Tracks every object of {@code kind} in {@code namespace} (null: all) whose labels include {@code labels}. */
    public void trackSelector(Class<? extends HasMetadata> kind, @Nullable String namespace,
        Map<String, String> labels) {
      Target target = new Target(kind, namespace, null, Map.copyOf(labels));
      targets.add(target);
      replace(parent, Set.of(target), false);
      ensureWatched(parent, kind, namespace);
    }

    /**
     * Ends the reconcile: a successful one replaces the parent's earlier tracks with these; a failed one adds them.
     */
    public void commit(boolean succeeded) {
      replace(parent, targets, succeeded);
    }
  }

  private record Parent(String controller, ResourceKey key) {}

  /** An exact reference (name set) or a label selector (selector set). */
  private record Target(Class<?> kind, @Nullable String namespace, @Nullable String name,
      @Nullable Map<String, String> selector) {

    Target {
      Objects.requireNonNull(kind, "kind");
    }

    boolean matches(HasMetadata object) {
      if (selector == null) {
        return false;
      }
      if (namespace != null && !namespace.equals(object.getMetadata().getNamespace())) {
        return false;
      }
      Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of()
          : object.getMetadata().getLabels();
      return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public String toString() {
      String where = namespace == null ? "" : namespace + "/";
      return kind.getSimpleName() + " " + where + (name != null ? name : "labels " + selector);
    }
  }
}
