package dev.maestro.test.table;

import dev.maestro.core.StashKey;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One case of a {@link StepTestSuite}: the parent handed directly to one step, with the stash seeded.
 *
 * <pre>{@code
 * StepTestCase.named("stashes the message")
 *     .parent(hello)
 *     .givenStash(MESSAGE, "draft")
 *     .expectStash(MESSAGE, "Hello")
 *     .expectParent(helloWithAnnotation)
 * }</pre>
 *
 * <p>Beyond {@link AbstractTestCase}'s expectations: the stash after the step must hold exactly the given values
 * plus the {@linkplain #expectStash expected} ones (a value stored under a key the case does not name is a
 * failure); the parent after the step (the copy it mutated in memory) must equal {@link #expectParent}, or be
 * unchanged when that is not set; the conditions the step set on the context must equal
 * {@link #expectConditions}, or be unchanged when that is not set.
 */
public final class StepTestCase extends AbstractTestCase<StepTestCase> {

  @Nullable HasMetadata parent;
  Map<StashKey<?>, Object> givenStash = Map.of();
  Map<StashKey<?>, Object> expectStash = Map.of();
  @Nullable HasMetadata expectParent;
  @Nullable List<Condition> expectConditions;

  private StepTestCase(String name) {
    super(name);
  }

  private StepTestCase(StepTestCase other) {
    super(other);
    this.parent = other.parent;
    this.givenStash = other.givenStash;
    this.expectStash = other.expectStash;
    this.expectParent = other.expectParent;
    this.expectConditions = other.expectConditions;
  }

  /** A case named {@code name}: say in plain words what it shows ("stashes the message"). */
  public static StepTestCase named(String name) {
    return new StepTestCase(name);
  }

  @Override
  StepTestCase copy() {
    return new StepTestCase(this);
  }

  /** The parent handed to the step; it is created on the API server first, like a given object. */
  public StepTestCase parent(HasMetadata parent) {
    StepTestCase copy = copy();
    copy.parent = Objects.requireNonNull(parent, "parent");
    return copy;
  }

  /** A value in the stash before the step runs, as an earlier step would have left it. */
  public <T> StepTestCase givenStash(StashKey<T> key, T value) {
    StepTestCase copy = copy();
    copy.givenStash = with(givenStash, key, key.type().cast(value));
    return copy;
  }

  /** A value the stash must hold after the step. */
  public <T> StepTestCase expectStash(StashKey<T> key, T value) {
    StepTestCase copy = copy();
    copy.expectStash = with(expectStash, key, key.type().cast(value));
    return copy;
  }

  /** The parent as the step must leave it in memory (server-filled fields ignored). */
  public StepTestCase expectParent(HasMetadata parent) {
    StepTestCase copy = copy();
    copy.expectParent = Objects.requireNonNull(parent, "parent");
    return copy;
  }

  /** The conditions the context must hold after the step, in order. */
  public StepTestCase expectConditions(Condition... conditions) {
    StepTestCase copy = copy();
    copy.expectConditions = List.of(conditions);
    return copy;
  }

  private static Map<StashKey<?>, Object> with(Map<StashKey<?>, Object> values, StashKey<?> key, Object value) {
    Map<StashKey<?>, Object> all = new LinkedHashMap<>(values);
    all.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return java.util.Collections.unmodifiableMap(all);
  }
}
