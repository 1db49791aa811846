package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one informer's cache: reads that cost no request to the API server.
 *
 * <p>Objects returned are copies: a caller may change them freely (to build an update, say) without corrupting
 * the cache that every reconcile reads.
 *
 * @param <T> the resource type
 */
public interface ResourceCache<T extends HasMetadata> {

  /**
   * The index of every Maestro cache: the UID of an object's controller owner reference. Looking children up
   * through it costs no request and no scan.
   */
  String CONTROLLER_UID_INDEX = "maestro.controllerUid";

  /** Stands in for a controller owner reference where none is possible: the controlling parent's UID. */
  String CONTROLLER_UID_ANNOTATION = "maestro.dev/controller-uid";

  /** With {@link #CONTROLLER_UID_ANNOTATION}: the parent's {@code Kind/namespace/name}. */
  String CONTROLLER_ANNOTATION = "maestro.dev/controller";

  /** The resource with {@code key}, if the cache holds it. */
  Optional<T> get(ResourceKey key);

  /** All cached resources in {@code namespace} (every namespace the informer watches when null). */
  List<T> list(@org.jspecify.annotations.Nullable String namespace);

  /** The cached resources whose controller owner reference has {@code ownerUid}. */
  List<T> controlledBy(String ownerUid);

  /** Whether the informers behind this cache have finished their initial list. */
  boolean hasSynced();

  /**
   * The labels every object in this cache carries: the label selector of the informers behind it. Empty when they
   * cache every object of the type.
   */
  default java.util.Map<String, String> labels() {
    return java.util.Map.of();
  }
}
