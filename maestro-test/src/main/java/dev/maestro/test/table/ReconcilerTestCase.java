package dev.maestro.test.table;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One case of a {@link ReconcilerTestSuite}: a whole reconcile of the parent with a key, through the controller's
 * real path (informer cache, steps, status write).
 *
 * <pre>{@code
 * ReconcilerTestCase.named("creates the ConfigMap")
 *     .key("default", "hello")
 *     .given(hello)
 *     .expectCreates(helloConfigMap)
 *     .expectStatusUpdates(helloReady)
 * }</pre>
 *
 * <p>The parent is usually one of the {@linkplain #given(HasMetadata...) given objects}; a key without a given
 * parent is the "parent was deleted" case. See {@link AbstractTestCase} for the expectations.
 */
public final class ReconcilerTestCase extends AbstractTestCase<ReconcilerTestCase> {

  @Nullable ResourceKey key;
  @Nullable HasMetadata expectParent;

  private ReconcilerTestCase(String name) {
    super(name);
  }

  private ReconcilerTestCase(ReconcilerTestCase other) {
    super(other);
    this.key = other.key;
    this.expectParent = other.expectParent;
  }

  /** A case named {@code name}: say in plain words what it shows ("creates the ConfigMap"). */
  public static ReconcilerTestCase named(String name) {
    return new ReconcilerTestCase(name);
  }

  @Override
  ReconcilerTestCase copy() {
    return new ReconcilerTestCase(this);
  }

  /** The key of the parent to reconcile; a null namespace means the suite's default for a namespaced parent. */
  public ReconcilerTestCase key(@Nullable String namespace, String name) {
    return key(new ResourceKey(namespace, Objects.requireNonNull(name, "name")));
  }

  /** The key of the parent to reconcile. */
  public ReconcilerTestCase key(ResourceKey key) {
    ReconcilerTestCase copy = copy();
    copy.key = Objects.requireNonNull(key, "key");
    return copy;
  }

  /** The parent as it must be on the API server after the reconcile (server-filled fields ignored). */
  public ReconcilerTestCase expectParent(HasMetadata parent) {
    ReconcilerTestCase copy = copy();
    copy.expectParent = Objects.requireNonNull(parent, "parent");
    return copy;
  }
}
