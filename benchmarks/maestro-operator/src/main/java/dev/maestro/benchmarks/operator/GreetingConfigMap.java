package dev.maestro.benchmarks.operator;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.child.ChildStep;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Greeting's ConfigMap {@code <name>-greeting} with {@code data.message} = {@code spec.message}: a plain child
 * step, with the framework's default comparison and update.
 */
@SubReconciler
public class GreetingConfigMap extends ChildStep<Greeting, ConfigMap> {

  public GreetingConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected Optional<ConfigMap> desired(Greeting greeting, ReconcileContext<Greeting> context) {
    return Optional.of(new ConfigMapBuilder()
        .withNewMetadata().withName(greeting.getMetadata().getName() + "-greeting").endMetadata()
        .withData(Map.of("message", Objects.requireNonNull(greeting.getSpec().getMessage(), "spec.message")))
        .build());
  }
}
