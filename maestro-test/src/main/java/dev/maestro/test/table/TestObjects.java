package dev.maestro.test.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Helpers for the few objects fabric8's builders make clumsy in tests: a parent being deleted, an object as the API
 * server returns it, and owner references to objects that have no UID yet.
 *
 * <p>UIDs: an object built in a test has none, so {@link #uidOf(HasMetadata)} gives it a stable one derived from
 * its kind, namespace and name. The suites map these to the UIDs the embedded server assigns and back, so an
 * expected child built with {@link #controllerReference(HasMetadata)} matches the child the reconciler creates.
 * Every method returns a copy; its argument is never changed.
 */
public final class TestObjects {

  /** The creationTimestamp and deletionTimestamp the helpers fill in. */
  public static final Instant TIMESTAMP = Instant.parse("2024-01-01T00:00:00Z");

  /** The finalizer {@link #beingDeleted(HasMetadata)} adds when the object has none. */
  public static final String TEST_FINALIZER = "test.maestro.dev/held";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private TestObjects() {}

  /**
   * {@code object} as the API server would return it: uid, resourceVersion {@code "1"}, generation 1 and
   * creationTimestamp filled where unset. For steps run outside the suites, and for expected objects.
   */
  public static <T extends HasMetadata> T asReturnedByServer(T object) {
    T copy = JSON.clone(Objects.requireNonNull(object, "object"));
    var metadata = copy.getMetadata();
    if (metadata.getUid() == null) {
      metadata.setUid(uidOf(object));
    }
    if (metadata.getResourceVersion() == null) {
      metadata.setResourceVersion("1");
    }
    if (metadata.getGeneration() == null) {
      metadata.setGeneration(1L);
    }
    if (metadata.getCreationTimestamp() == null) {
      metadata.setCreationTimestamp(TIMESTAMP.toString());
    }
    return copy;
  }

  /**
   * {@code object} being deleted: a deletionTimestamp and the given finalizers (or {@link #TEST_FINALIZER} when it
   * has none), since the API server only keeps a deleted object while a finalizer holds it. A suite creates such
   * a given object and then deletes it, so the server sets the deletionTimestamp itself.
   */
  public static <T extends HasMetadata> T beingDeleted(T object, String... finalizers) {
    T copy = JSON.clone(Objects.requireNonNull(object, "object"));
    List<String> all = new ArrayList<>(copy.getMetadata().getFinalizers());
    for (String finalizer : finalizers) {
      if (!all.contains(finalizer)) {
        all.add(finalizer);
      }
    }
    if (all.isEmpty()) {
      all.add(TEST_FINALIZER);
    }
    copy.getMetadata().setFinalizers(all);
    copy.getMetadata().setDeletionTimestamp(TIMESTAMP.toString());
    return copy;
  }

  /** {@code object} with a controller owner reference to {@code owner} added, as a child step sets it. */
  public static <T extends HasMetadata> T controlledBy(T object, HasMetadata owner) {
    T copy = JSON.clone(Objects.requireNonNull(object, "object"));
    List<OwnerReference> owners = new ArrayList<>(copy.getMetadata().getOwnerReferences());
    owners.add(controllerReference(owner));
    copy.getMetadata().setOwnerReferences(owners);
    return copy;
  }

  /** The controller owner reference to {@code owner} that Maestro's child steps set (controller, blockOwnerDeletion). */
  public static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(uidOf(owner))
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** The object's uid, or, when it has none, a stable one derived from its kind, namespace and name. */
  public static String uidOf(HasMetadata object) {
    String uid = object.getMetadata().getUid();
    if (uid != null && !uid.isEmpty()) {
      return uid;
    }
    String namespace = object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
    String identity = object.getKind() + "/" + namespace + "/" + object.getMetadata().getName();
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
