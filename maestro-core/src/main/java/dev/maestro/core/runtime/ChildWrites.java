package dev.maestro.core.runtime;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Children a controller's reconciles wrote, each with the resourceVersion the API server gave it, so that the
 * informer event reporting exactly that version triggers no second reconcile of the parent: the reconcile that
 * wrote the child has seen it. Any other version (someone else's change, a later write) passes, as does every
 * delete. A write whose event never matches (the event came first, or a newer change overtook it) is forgotten
 * after a minute; at worst the parent is reconciled once more, as it would be without this.
 */
final class ChildWrites implements dev.maestro.core.ReconcileContext.OwnWrites {

  private static final long TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private final Map<Key, Write> writes = new ConcurrentHashMap<>();
  private volatile long nextSweep = System.nanoTime() + TTL_NANOS;

  /** Remembers that a reconcile wrote {@code written}, as the API server returned it. */
  @Override
  public void record(HasMetadata written) {
    String version = written.getMetadata().getResourceVersion();
    if (version == null || written.getMetadata().getName() == null) {
      return;
    }
    long now = System.nanoTime();
    writes.put(Key.of(written), new Write(version, now + TTL_NANOS));
    if (now - nextSweep > 0) {
      nextSweep = now + TTL_NANOS;
      writes.values().removeIf(write -> now - write.deadline() > 0);
    }
  }

  /** Whether {@code observed}, as an informer event shows it, is exactly one of our writes; forgets it then. */
  boolean consume(HasMetadata observed) {
    Key key = Key.of(observed);
    Write write = writes.get(key);
    return write != null && write.resourceVersion().equals(observed.getMetadata().getResourceVersion())
        && writes.remove(key, write);
  }

  @Override
  public boolean awaitsEvent(HasMetadata written) {
    if (written.getMetadata().getName() == null) {
      return false;
    }
    Write write = writes.get(Key.of(written));
    return write != null && write.resourceVersion().equals(written.getMetadata().getResourceVersion());
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

  private record Write(String resourceVersion, long deadline) {
    Write {
      Objects.requireNonNull(resourceVersion, "resourceVersion");
    }
  }
}
