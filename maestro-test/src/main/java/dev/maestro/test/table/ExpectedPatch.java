package dev.maestro.test.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A patch of an object (not of its status: status writes are {@code expectStatusUpdates}) that a case expects:
 * the target, the patch type and the patch document, compared as JSON. Operations and fields concerning the
 * resourceVersion (an optimistic-lock precondition whose value the server decides) are left out of the
 * comparison.
 *
 * @param type the resource type
 * @param namespace the namespace; null means the suite's default namespace for a namespaced type
 * @param name the object's name
 * @param patchType the patch type, i.e. the request's Content-Type
 * @param patch the patch document as JSON
 */
public record ExpectedPatch(Class<? extends HasMetadata> type, @Nullable String namespace, String name,
    PatchType patchType, String patch) {

  public ExpectedPatch {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(patchType, "patchType");
    Objects.requireNonNull(patch, "patch");
  }

  /** A patch of {@code target} (its type, namespace and name) of {@code patchType} with the JSON {@code patch}. */
  public static ExpectedPatch of(HasMetadata target, PatchType patchType, String patch) {
    return new ExpectedPatch(target.getClass(), target.getMetadata().getNamespace(), target.getMetadata().getName(),
        patchType, patch);
  }

  /** A JSON merge patch of {@code target}. */
  public static ExpectedPatch mergePatch(HasMetadata target, String patch) {
    return of(target, PatchType.JSON_MERGE, patch);
  }

  /** A JSON Patch (a list of operations) of {@code target}. */
  public static ExpectedPatch jsonPatch(HasMetadata target, String patch) {
    return of(target, PatchType.JSON, patch);
  }
}
