package dev.maestro.test.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A track a case expects: the parent asked to be reconciled again when an object (by kind, namespace and name) or
 * the objects of a label selector change ({@code context.track(...)}, {@code context.trackSelector(...)}).
 *
 * @param kind the tracked kind
 * @param namespace the namespace; for a tracked name, null means the suite's default namespace (for a namespaced
 *     kind); for a selector, null means every namespace
 * @param name the tracked object's name, or null for a selector
 * @param labels the selector's labels, or null for a tracked name
 */
public record ExpectedTrack(Class<? extends HasMetadata> kind, @Nullable String namespace, @Nullable String name,
    @Nullable Map<String, String> labels) {

  public ExpectedTrack {
    Objects.requireNonNull(kind, "kind");
    if ((name == null) == (labels == null)) {
      throw new IllegalArgumentException("a track names an object or a label selector, not both or neither");
    }
    labels = labels == null ? null : Map.copyOf(labels);
  }

  /** A track of the {@code kind} object {@code namespace/name}. */
  public static ExpectedTrack of(Class<? extends HasMetadata> kind, @Nullable String namespace, String name) {
    return new ExpectedTrack(kind, namespace, Objects.requireNonNull(name, "name"), null);
  }

  /** A track of {@code object}. */
  public static ExpectedTrack of(HasMetadata object) {
    return of(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** A track of the {@code kind} objects in {@code namespace} (null: all) whose labels include {@code labels}. */
  public static ExpectedTrack selector(Class<? extends HasMetadata> kind, @Nullable String namespace,
      Map<String, String> labels) {
    return new ExpectedTrack(kind, namespace, null, Objects.requireNonNull(labels, "labels"));
  }

  /** How Maestro's tracker describes it, with the default namespace filled in. */
  String describe(String defaultNamespace) {
    String where = namespace;
    if (where == null && name != null && Namespaced.class.isAssignableFrom(kind)) {
      where = defaultNamespace;
    }
    return kind.getSimpleName() + " " + (where == null ? "" : where + "/")
        + (name != null ? name : "labels " + new TreeMap<>(Objects.requireNonNull(labels)));
  }
}
