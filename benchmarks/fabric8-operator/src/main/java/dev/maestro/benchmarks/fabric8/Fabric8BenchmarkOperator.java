package dev.maestro.benchmarks.fabric8;

import dev.maestro.benchmarks.operator.Greeting;
import dev.maestro.benchmarks.operator.GreetingStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's Greeting operator with no framework: {@code java -cp ... Fabric8BenchmarkOperator
 * <api-server-url>}. fabric8 8's informers on Greetings and ConfigMaps, a {@link KeyQueue} with 4 workers (as
 * Maestro's default), and per Greeting at most the two writes the others send: the ConfigMap's create (or update
 * when its message is stale) and a JSON patch of the status. Events that need no reconcile (its own status write,
 * a ConfigMap holding the right message) are dropped before the queue. A cached object is copied only to update
 * it; no backoff (a failed key is tried again after 1 s), conditions of errors, events, metrics or anything else a
 * framework adds: what it costs is a baseline of the same work on the same client with nothing of a framework.
 */
public final class Fabric8BenchmarkOperator {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8BenchmarkOperator.class);
  private static final int WORKERS = 4;

  private final KubernetesClient client;
  private final KeyQueue queue = new KeyQueue();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  private @Nullable SharedIndexInformer<Greeting> greetings;
  private @Nullable SharedIndexInformer<ConfigMap> configMaps;

  private Fabric8BenchmarkOperator(KubernetesClient client) {
    this.client = client;
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: Fabric8BenchmarkOperator <api-server-url>");
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(args[0]).build();
    new Fabric8BenchmarkOperator(new KubernetesClientBuilder().withConfig(config).build()).run();
  }

  private void run() throws InterruptedException {
    greetings = client.resources(Greeting.class).inAnyNamespace().runnableInformer(0);
    // only a new generation (a spec change) needs a reconcile: the operator's own status write makes none
    greetings.addEventHandler(handler((g, gone) -> queue.add(Cache.metaNamespaceKeyFunc(g)),
        (older, newer) -> !Objects.equals(older.getMetadata().getGeneration(), newer.getMetadata().getGeneration())));
    configMaps = client.configMaps().inAnyNamespace().runnableInformer(0);
    // a ConfigMap that holds its Greeting's message needs no reconcile: it is the operator's own write, or listed
    // beside its Greeting, whose own arrival reconciles it; reconciling again would only patch the status from a
    // cache that does not show the last write yet (a 409)
    configMaps.addEventHandler(handler(this::enqueueOwner, (older, newer) -> true));
    // both lists at once, as Maestro and JOSDK do
    greetings.start();
    configMaps.start();
    while (!greetings.hasSynced() || !configMaps.hasSynced()) {
      Thread.sleep(10);
    }
    LOG.info("Watching Greetings and ConfigMaps in all namespaces with {} workers", WORKERS);
    for (int i = 0; i < WORKERS; i++) {
      Thread worker = new Thread(this::work, "worker-" + i);
      worker.start();
    }
    Thread.currentThread().join();
  }

  /**
   * Calls {@code enqueue} with the object of every event, and whether the object is gone; updates only when
   * {@code changed} says so.
   */
  private static <T extends HasMetadata> ResourceEventHandler<T> handler(BiConsumer<T, Boolean> enqueue,
      BiPredicate<T, T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        enqueue.accept(obj, false);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (changed.test(oldObj, newObj)) {
          enqueue.accept(newObj, false);
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        enqueue.accept(obj, true);
      }
    };
  }

  private void enqueueOwner(ConfigMap configMap, boolean deleted) {
    List<OwnerReference> owners = configMap.getMetadata().getOwnerReferences();
    for (OwnerReference owner : owners == null ? List.<OwnerReference>of() : owners) {
      if (Boolean.TRUE.equals(owner.getController()) && "Greeting".equals(owner.getKind())) {
        String key = configMap.getMetadata().getNamespace() + "/" + owner.getName();
        Greeting greeting = Objects.requireNonNull(greetings).getStore().getByKey(key);
        if (deleted || greeting == null || greeting.getSpec().getMessage() == null
            || !dataOf(greeting).equals(configMap.getData())) {
          queue.add(key);
        }
      }
    }
  }

  private static Map<String, String> dataOf(Greeting greeting) {
    return Map.of("message", Objects.requireNonNull(greeting.getSpec().getMessage(), "spec.message"));
  }

  private void work() {
    while (true) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        reconcile(key);
      } catch (RuntimeException e) {
        LOG.warn("Reconciling {} failed, again in 1 s: {}", key, e.toString());
        retries.schedule(() -> queue.add(key), 1, TimeUnit.SECONDS);
      } finally {
        queue.done(key);
      }
    }
  }

  private void reconcile(String key) {
    Greeting greeting = Objects.requireNonNull(greetings).getStore().getByKey(key);
    if (greeting == null) {
      return; // its ConfigMap goes with it (owner reference)
    }
    String namespace = greeting.getMetadata().getNamespace();
    String name = greeting.getMetadata().getName() + "-greeting";
    Map<String, String> data = dataOf(greeting);
    ConfigMap actual = Objects.requireNonNull(configMaps).getStore().getByKey(namespace + "/" + name);
    if (actual == null) {
      client.resource(new ConfigMapBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace)
          .addNewOwnerReference().withApiVersion(greeting.getApiVersion()).withKind(greeting.getKind())
          .withName(greeting.getMetadata().getName()).withUid(greeting.getMetadata().getUid())
          .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
          .endMetadata()
          .withData(data)
          .build()).create();
    } else if (!data.equals(actual.getData())) {
      client.resource(new ConfigMapBuilder(actual).withData(data).build()).update();
    }
    GreetingStatus status = greeting.getStatus();
    Long generation = greeting.getMetadata().getGeneration();
    if (status != null && Objects.equals(status.getObservedGeneration(), generation)
        && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return;
    }
    Condition ready = new Condition(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "ConfigMap " + name
        + " holds the message", generation, "Reconciled", "True", "Ready");
    GreetingStatus desired = new GreetingStatus();
    desired.setObservedGeneration(generation);
    desired.setConditions(List.of(ready));
    List<Map<String, Object>> patch = List.of(
        Map.of("op", "replace", "path", "/metadata/resourceVersion",
            "value", greeting.getMetadata().getResourceVersion()),
        Map.of("op", "add", "path", "/status", "value", desired));
    client.resource(greeting).status().patch(PatchContext.of(PatchType.JSON),
        client.getKubernetesSerialization().asJson(patch));
  }
}
