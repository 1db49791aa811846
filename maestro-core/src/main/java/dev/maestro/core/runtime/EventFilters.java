package dev.maestro.core.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Which updates of a parent cause a reconcile. An update is the informer's (old, new) pair; creates, deletes and
 * periodic resyncs always pass.
 */
public final class EventFilters {

  private EventFilters() {}

  /** Every update. */
  public static <P extends HasMetadata> BiPredicate<P, P> all() {
    return (before, after) -> true;
  }

  /**
   * The default: updates that change the generation (the spec), labels, annotations, finalizers, owner references
   * or the deletion timestamp; not updates that change only the status — Maestro's own status writes among them.
   * Resyncs (same resourceVersion) pass, and so does every update of a type without a generation.
   */
  public static <P extends HasMetadata> BiPredicate<P, P> ignoreStatusOnlyChanges() {
    return (before, after) -> {
      ObjectMeta old = before.getMetadata();
      ObjectMeta now = after.getMetadata();
      if (Objects.equals(old.getResourceVersion(), now.getResourceVersion())) {
        return true;
      }
      if (old.getGeneration() == null || now.getGeneration() == null) {
        return true;
      }
      return !Objects.equals(old.getGeneration(), now.getGeneration())
          || !Objects.equals(old.getLabels(), now.getLabels())
          || !Objects.equals(old.getAnnotations(), now.getAnnotations())
          || !Objects.equals(old.getFinalizers(), now.getFinalizers())
          || !Objects.equals(old.getOwnerReferences(), now.getOwnerReferences())
          || !Objects.equals(old.getDeletionTimestamp(), now.getDeletionTimestamp());
    };
  }
}
