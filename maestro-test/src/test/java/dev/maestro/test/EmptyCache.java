package dev.maestro.test;

import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A synced cache that has not caught up with anything: for steps whose own writes must carry them. */
final class EmptyCache<T extends HasMetadata> implements ResourceCache<T> {

  @Override
  public Optional<T> get(ResourceKey key) {
    return Optional.empty();
  }

  @Override
  public List<T> list(@Nullable String namespace) {
    return List.of();
  }

  @Override
  public List<T> controlledBy(String ownerUid) {
    return List.of();
  }

  @Override
  public boolean hasSynced() {
    return true;
  }
}
