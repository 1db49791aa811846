package dev.maestro.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the API server's owner-reference garbage collector, which the embedded server lacks: when an owner
 * of a watched type is deleted, its dependents of the given types in the same namespace are deleted (background
 * propagation; {@code blockOwnerDeletion} and foreground deletion are not modelled).
 *
 * <p>Its requests are made with a marker header and left out of the {@link RequestLog}, so they never count as
 * the controller's.
 */
final class GarbageCollector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final KubernetesClient client;
  private final List<Class<? extends HasMetadata>> dependents;
  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

  GarbageCollector(KubernetesClient client, List<Class<? extends HasMetadata>> dependents) {
    this.client = client;
    this.dependents = List.copyOf(dependents);
  }

  <T extends HasMetadata> void watchOwners(Class<T> ownerType) {
    informers.add(client.resources(ownerType).inAnyNamespace().inform(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T owner) {}

      @Override
      public void onUpdate(T before, T after) {}

      @Override
      public void onDelete(T owner, boolean finalStateUnknown) {
        collect(owner);
      }
    }));
  }

  private void collect(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    String namespace = owner.getMetadata().getNamespace();
    for (Class<? extends HasMetadata> type : dependents) {
      var resources = namespace == null ? client.resources(type).inAnyNamespace().list().getItems()
          : client.resources(type).inNamespace(namespace).list().getItems();
      for (HasMetadata dependent : resources) {
        boolean owned = dependent.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> Objects.equals(ref.getUid(), uid));
        if (owned) {
          log.debug("Collecting {} {}/{} of deleted owner {}", dependent.getKind(), namespace,
              dependent.getMetadata().getName(), owner.getMetadata().getName());
          client.resource(dependent).delete();
        }
      }
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    client.close();
  }
}
