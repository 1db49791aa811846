package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.annotation.Order;

/**
 * Keeps the ConfigMap {@code <name>-greeting} in line with the Greeting: creates it, updates its data when the
 * message changes, and leaves it alone when it is in sync. Reads come from the cache, so a converged Greeting
 * costs no request. A ConfigMap of that name that the Greeting does not control is never taken over.
 */
@SubReconciler
@Order(2)
public class GreetingConfigMap implements Step<Greeting> {

  /** The name of a Greeting's ConfigMap. */
  public static String nameOf(Greeting greeting) {
    return greeting.getMetadata().getName() + "-greeting";
  }

  @Override
  public Result reconcile(ReconcileContext<Greeting> context, Greeting greeting) {
    String namespace = greeting.getMetadata().getNamespace();
    String name = nameOf(greeting);
    Map<String, String> data = Map.of("message", Objects.requireNonNull(greeting.getSpec().getMessage()));
    OwnerReference owner = new OwnerReferenceBuilder()
        .withApiVersion(greeting.getApiVersion())
        .withKind(greeting.getKind())
        .withName(greeting.getMetadata().getName())
        .withUid(greeting.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();

    Optional<ConfigMap> existing = context.cache(ConfigMap.class).get(new ResourceKey(namespace, name));
    if (existing.isEmpty()) {
      context.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).withOwnerReferences(owner).endMetadata()
          .withData(data)
          .build()).create();
      context.log().info("Created ConfigMap {}/{}", namespace, name);
      return Result.done();
    }
    ConfigMap configMap = existing.get();
    boolean ours = configMap.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
            && Objects.equals(ref.getUid(), greeting.getMetadata().getUid()));
    if (!ours) {
      throw new ReconcileException("ConfigMapNotOwned", "ConfigMap " + namespace + "/" + name
          + " exists and is not controlled by this Greeting; rename or delete it");
    }
    if (!data.equals(configMap.getData())) {
      configMap.setData(data);
      // guarded by the cached resourceVersion: a concurrent change answers 409 and the reconcile is retried
      context.client().configMaps().inNamespace(namespace).resource(configMap).update();
      context.log().info("Updated ConfigMap {}/{}", namespace, name);
    }
    return Result.done();
  }
}
