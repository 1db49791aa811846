package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.child.ChildStep;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;

/**
 * The Greeting's ConfigMap {@code <name>-greeting}, with {@code data.message} set to the Greeting's message (as
 * {@link ValidateGreeting} resolved it). The
 * child step creates it, puts it back when it is edited or deleted, and never takes over a ConfigMap of that name
 * that the Greeting does not control.
 */
@SubReconciler
@Order(2)
public class GreetingConfigMap extends ChildStep<Greeting, ConfigMap> {

  public GreetingConfigMap() {
    super(ConfigMap.class);
  }

  /** The name of a Greeting's ConfigMap. */
  public static String nameOf(Greeting greeting) {
    return greeting.getMetadata().getName() + "-greeting";
  }

  @Override
  protected Optional<ConfigMap> desired(Greeting greeting, ReconcileContext<Greeting> context) {
    return Optional.of(new ConfigMapBuilder()
        .withNewMetadata().withName(nameOf(greeting)).endMetadata()
        .withData(Map.of("message", context.stash().require(ValidateGreeting.MESSAGE)))
        .build());
  }

  /** The data is ours alone: a key someone added is a difference too. */
  @Override
  protected boolean semanticEquals(ConfigMap desired, ConfigMap actual, ReconcileContext<Greeting> context) {
    return Objects.equals(desired.getData(), actual.getData());
  }

  /** Reports the ConfigMap in the {@code ConfigMapReady} condition, or why it could not be made. */
  @Override
  protected void reflectStatus(Greeting greeting, Optional<ConfigMap> child, @Nullable RuntimeException error,
      ReconcileContext<Greeting> context) {
    if (error != null) {
      String reason = error instanceof ReconcileException r ? r.reason() : "ConfigMapFailed";
      context.setCondition(GreetingController.CONFIG_MAP_READY, ConditionStatus.FALSE, reason,
          String.valueOf(error.getMessage()));
    } else {
      context.setCondition(GreetingController.CONFIG_MAP_READY, ConditionStatus.TRUE, "ConfigMapInSync",
          "ConfigMap " + nameOf(greeting) + " holds the message");
    }
  }

  @Override
  protected ConfigMap mergeBeforeUpdate(ConfigMap actual, ConfigMap desired, ReconcileContext<Greeting> context) {
    actual.setData(desired.getData());
    return actual;
  }
}
