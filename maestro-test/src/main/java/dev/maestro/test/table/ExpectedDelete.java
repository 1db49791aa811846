package dev.maestro.test.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A delete a case expects: the resource type and the object's namespace and name (the delete options, such as the
 * propagation policy or a resourceVersion precondition, are not compared).
 *
 * @param type the resource type
 * @param namespace the namespace; null means the suite's default namespace for a namespaced type
 * @param name the object's name
 */
public record ExpectedDelete(Class<? extends HasMetadata> type, @Nullable String namespace, String name) {

  public ExpectedDelete {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /** A delete of {@code object}. */
  public static ExpectedDelete of(HasMetadata object) {
    return new ExpectedDelete(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** A delete of the {@code type} object {@code namespace/name}. */
  public static ExpectedDelete of(Class<? extends HasMetadata> type, @Nullable String namespace, String name) {
    return new ExpectedDelete(type, namespace, name);
  }
}
