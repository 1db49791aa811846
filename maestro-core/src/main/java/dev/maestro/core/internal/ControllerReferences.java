package dev.maestro.core.internal;

import dev.maestro.core.ResourceCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Who controls an object: the cache's controller index and the child steps read it the same way. */
public final class ControllerReferences {

  private ControllerReferences() {}

  /**
   * The UIDs of {@code resource}'s controllers: those of its controller owner references, or, without any, the one
   * in {@link ResourceCache#CONTROLLER_UID_ANNOTATION} (a cluster-scoped child of a namespaced parent).
   */
  public static List<String> uids(HasMetadata resource) {
    List<String> uids = new ArrayList<>(1);
    for (OwnerReference owner : resource.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(owner.getController()) && owner.getUid() != null) {
        uids.add(owner.getUid());
      }
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (uids.isEmpty() && annotations != null && annotations.get(ResourceCache.CONTROLLER_UID_ANNOTATION) != null) {
      uids.add(annotations.get(ResourceCache.CONTROLLER_UID_ANNOTATION));
    }
    return uids;
  }
}
