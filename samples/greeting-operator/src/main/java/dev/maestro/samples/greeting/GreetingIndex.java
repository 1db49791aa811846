package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.HasCleanup;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;

/**
 * Keeps the Greeting's entry in the shared ConfigMap {@code greeting-index} of its namespace (key: the Greeting's
 * name, value: its message), and removes it when the Greeting is deleted — a cleanup, so the controller puts its
 * finalizer on Greetings. The index belongs to no Greeting; every write is a JSON merge patch of one key, which
 * the API server applies to the latest version, so concurrent Greetings never lose each other's keys.
 */
@SubReconciler
@Order(3)
public class GreetingIndex implements Step<Greeting>, HasCleanup<Greeting> {

  /** The name of the index ConfigMap. */
  public static final String INDEX = "greeting-index";

  @Override
  public Result reconcile(ReconcileContext<Greeting> context, Greeting greeting) {
    String message = context.stash().require(ValidateGreeting.MESSAGE);
    String namespace = greeting.getMetadata().getNamespace();
    Optional<ConfigMap> index = context.cache(ConfigMap.class).get(new ResourceKey(namespace, INDEX));
    String name = greeting.getMetadata().getName();
    if (index.isPresent() && index.get().getData() != null && message.equals(index.get().getData().get(name))) {
      return Result.done();
    }
    if (index.isEmpty()) {
      try {
        context.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
            .withNewMetadata().withName(INDEX).endMetadata().addToData(name, message).build()).create();
        context.log().info("Created {}/{} with {}", namespace, INDEX, name);
        return Result.done();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // another Greeting created it meanwhile: patch our key into it below
      }
    }
    patch(context, index.orElseGet(() -> new ConfigMapBuilder().withNewMetadata().withName(INDEX)
        .withNamespace(namespace).endMetadata().build()), name, message);
    context.log().info("Set {} in {}/{}", name, namespace, INDEX);
    return Result.done();
  }

  @Override
  public boolean hasCleanup() {
    return true;
  }

  /**
   * Removes the Greeting's key with a JSON Patch {@code remove} of that one key (idempotent: nothing is sent when
   * the cache shows no key; a key removed concurrently answers 422 and the cleanup is retried from the fresh
   * cache). Not a merge patch with null: the embedded API server stores the null instead of removing the key.
   */
  @Override
  public Result cleanup(ReconcileContext<Greeting> context, Greeting greeting) {
    String namespace = greeting.getMetadata().getNamespace();
    String name = greeting.getMetadata().getName();
    Optional<ConfigMap> index = context.cache(ConfigMap.class).get(new ResourceKey(namespace, INDEX));
    if (index.isEmpty() || index.get().getData() == null || !index.get().getData().containsKey(name)) {
      return Result.done();
    }
    String op = context.client().getKubernetesSerialization().asJson(List.of(Map.of("op", "remove",
        "path", "/data/" + name.replace("~", "~0").replace("/", "~1"))));
    // through the cached object: fabric8 then sends no GET before the PATCH
    context.client().resource(index.get()).patch(PatchContext.of(PatchType.JSON), op);
    context.log().info("Removed {} from {}/{}", name, namespace, INDEX);
    return Result.done();
  }

  /**
   * Sets one key with a JSON merge patch, which the API server applies to the latest version (no resourceVersion
   * is sent, so a stale cached copy does no harm).
   */
  private static void patch(ReconcileContext<Greeting> context, ConfigMap index, String key, String value) {
    ConfigMap target = new ConfigMapBuilder().withNewMetadata().withName(index.getMetadata().getName())
        .withNamespace(index.getMetadata().getNamespace()).endMetadata().build();
    context.client().resource(target).patch(PatchContext.of(PatchType.JSON_MERGE),
        context.client().getKubernetesSerialization().asJson(Map.of("data", Map.of(key, value))));
  }
}
