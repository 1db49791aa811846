package dev.maestro.benchmarks.josdk;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.Map;

/**
 * The Greeting's ConfigMap {@code <name>-greeting} with {@code data.message} = {@code spec.message}, as a managed
 * Kubernetes dependent resource (JOSDK creates, updates and owns it; no custom matcher).
 */
public class ConfigMapDependentResource extends CRUDKubernetesDependentResource<ConfigMap, Greeting> {

  public ConfigMapDependentResource() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(Greeting greeting, Context<Greeting> context) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(greeting.getMetadata().getName() + "-greeting")
        .withNamespace(greeting.getMetadata().getNamespace())
        .endMetadata()
        .withData(Map.of("message", greeting.getSpec().getMessage()))
        .build();
  }
}
