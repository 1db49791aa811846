package dev.maestro.core.internal;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Deep copies of Kubernetes objects through Jackson's token buffer: the object is serialised into tokens and bound
 * back into a new instance of its own class, without the JSON text that {@link KubernetesSerialization#clone} writes
 * and parses again (about half its cost).
 */
public final class DeepCopy {

  private DeepCopy() {}

  /** A new object equal to {@code object}, sharing no mutable state with it. */
  @SuppressWarnings("unchecked")
  public static <T> T of(T object, KubernetesSerialization serialization) {
    return (T) serialization.convertValue(object, object.getClass());
  }
}
