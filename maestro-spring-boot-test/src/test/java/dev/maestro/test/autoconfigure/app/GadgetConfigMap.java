package dev.maestro.test.autoconfigure.app;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.child.ChildStep;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A gadget's ConfigMap {@code <name>-gadget}, holding its label. */
@SubReconciler
public class GadgetConfigMap extends ChildStep<Gadget, ConfigMap> {

  public GadgetConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected Optional<ConfigMap> desired(Gadget gadget, ReconcileContext<Gadget> context) {
    return Optional.of(new ConfigMapBuilder()
        .withNewMetadata().withName(gadget.getMetadata().getName() + "-gadget").endMetadata()
        .withData(Map.of("label", Objects.requireNonNullElse(gadget.getSpec().getLabel(), "")))
        .build());
  }
}
