package dev.maestro.core.runtime;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Children a controller's reconciles wrote, each with the resourceVersion the API server gave it and the parent
 * whose reconcile wrote it, so that the informer event reporting exactly that version triggers no second reconcile
 * of that parent: its reconcile has seen it. (Other parents the event maps to are still reconciled.) Any other version (someone else's change, a later write) passes, as does every
 * delete. A write whose event never matches (the event came first, or a newer change overtook it) is forgotten
 * after a minute; at worst the parent is reconciled once more, as it would be without this.
 */
final class ChildWrites {

  private static final long TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private final Map<Key, Write> writes = new ConcurrentHashMap<>();
  private volatile long nextSweep = System.nanoTime() + TTL_NANOS;

  /** Remembers that the reconcile of {@code parent} wrote {@code written}, as the API server returned it. */
  void record(HasMetadata written, ResourceKey parent) {
    String version = written.getMetadata().getResourceVersion();
    if (version == null || written.getMetadata().getName() == null) {
      return;
    }
    long now = System.nanoTime();
    writes.put(Key.of(written), new Write(version, parent, now + TTL_NANOS));
    if (now - nextSweep > 0) {
      nextSweep = now + TTL_NANOS;
      writes.values().removeIf(write -> now - write.deadline() > 0);
    }
  }

  /**
   * The parent whose reconcile wrote exactly {@code observed}, as an informer event shows it, or null when it is not
   * one of our writes; forgets the write once reported.
   */
  @org.jspecify.annotations.Nullable ResourceKey consume(HasMetadata observed) {
    Write write = matching(observed);
    return write != null && writes.remove(Key.of(observed), write) ? write.parent() : null;
  }

  /** Whether {@code written} is our newest write of that object and the informer has not reported it yet. */
  boolean awaitsEvent(HasMetadata written) {
    return matching(written) != null;
  }

  /** Our recorded write of exactly {@code object}'s version, if any. */
  private @org.jspecify.annotations.Nullable Write matching(HasMetadata object) {
    if (object.getMetadata().getName() == null) {
      return null;
    }
    Write write = writes.get(Key.of(object));
    return write != null && write.resourceVersion().equals(object.getMetadata().getResourceVersion()) ? write : null;
  }

  /** Forgets any write of {@code gone}, which was deleted. */
  void forget(HasMetadata gone) {
    writes.remove(Key.of(gone));
  }

  private record Key(Class<?> type, ResourceKey key) {
    static Key of(HasMetadata object) {
      return new Key(object.getClass(), ResourceKey.of(object));
    }
  }

  private record Write(String resourceVersion, ResourceKey parent, long deadline) {
    Write {
      Objects.requireNonNull(resourceVersion, "resourceVersion");
      Objects.requireNonNull(parent, "parent");
    }
  }
}
