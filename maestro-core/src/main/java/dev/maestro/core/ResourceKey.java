package dev.maestro.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a resource in the work queue and in caches: its namespace (null when cluster-scoped) and name.
 *
 * @param namespace the namespace, or {@code null} for a cluster-scoped resource
 * @param name the name
 */
public record ResourceKey(@Nullable String namespace, String name) {

  public ResourceKey {
    Objects.requireNonNull(name, "name");
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
  }

  /** The key of a resource. */
  public static ResourceKey of(HasMetadata resource) {
    return new ResourceKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /** Parses {@code namespace/name} or {@code name}, the form informer caches and {@link #toString()} use. */
  public static ResourceKey parse(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? new ResourceKey(null, key) : new ResourceKey(key.substring(0, slash), key.substring(slash + 1));
  }

  /** {@code namespace/name}, or {@code name} when cluster-scoped: the key of fabric8's informer caches. */
  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
