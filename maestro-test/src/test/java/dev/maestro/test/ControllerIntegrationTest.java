package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine end to end against the embedded API server: informers, work queue, resource reconciler and status
 * writes over real HTTP. Relies on the embedded server's status subresource, generation and resourceVersion
 * semantics, which match a real API server (FACTS.md).
 */
class ControllerIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 100,
      100);

  private static int counter;

  private KubernetesClient client;
  private Controller<Widget> controller;
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "ns" + (++counter);
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  /** A step that keeps a ConfigMap named after the widget with its color, reading from the cache. */
  private SyncStep<Widget> paintStep() {
    return SyncStep.action("paint", (context, widget) -> {
      String name = widget.getMetadata().getName() + "-paint";
      Optional<ConfigMap> existing = context.cache(ConfigMap.class)
          .get(new ResourceKey(widget.getMetadata().getNamespace(), name));
      Map<String, String> data = Map.of("color", widget.getSpec().getColor());
      if (existing.isEmpty()) {
        context.client().configMaps().inNamespace(widget.getMetadata().getNamespace()).resource(
            new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build()).create();
      } else if (!data.equals(existing.get().getData())) {
        ConfigMap update = existing.get();
        update.setData(data);
        context.client().resource(update).update();
      }
      widget.getStatus().setPaint(widget.getSpec().getColor());
    });
  }

  private Controller<Widget> start(SyncStep<Widget> step) {
    controller = Maestro.forParent(Widget.class)
        .withClient(client)
        .inNamespaces(namespace)
        .caches(ConfigMap.class)
        .withRetry(FAST_RETRY)
        .register(step)
        .build();
    controller.start();
    return controller;
  }

  private Widget create(String name, String color) {
    return client.resource(Widget.of(namespace, name, color)).create();
  }

  private Widget get(String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  private void awaitReady(String name, String status) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget widget = get(name);
      assertThat(Widget.ready(widget)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(status));
      assertThat(widget.getStatus().getObservedGeneration()).isEqualTo(widget.getMetadata().getGeneration());
    });
  }

  /** Waits until the controller ran more than {@code reconcilesBefore} reconciles and has stayed idle a while. */
  private void awaitIdle(long reconcilesBefore) {
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > reconcilesBefore);
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  private List<RequestLog.Request> statusPatches(int mark, String name) {
    return server.requests().writesSince(mark).stream()
        .filter(r -> r.path().contains("/widgets/" + name + "/status"))
        .toList();
  }

  @Test
  void watchEventsOfTheParentAreReadAsItsClassNotAsGenericResources() {
    try (KubernetesClient fresh = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(server.config()).build()) {
      String event = "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"" + HasMetadata.getApiVersion(Widget.class)
          + "\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\",\"namespace\":\"n\"}}}";
      assertThat(fresh.getKubernetesSerialization().unmarshal(event, WatchEvent.class).getObject())
          .as("fabric8 alone reads an unregistered custom resource as a generic one")
          .isInstanceOf(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);

      Controller<Widget> widgets = Maestro.forParent(Widget.class).withClient(fresh).inNamespaces(namespace)
          .register(paintStep()).build();
      widgets.start(); // the registration runs beside the start-up; starting waits for it

      assertThat(fresh.getKubernetesSerialization().unmarshal(event, WatchEvent.class).getObject())
          .isInstanceOf(Widget.class);
      widgets.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void convergedResourceGetsItsStatusWrittenOnce() {
    int mark = server.requests().mark();
    start(paintStep());
    create("blue", "blue");

    awaitReady("blue", "True");
    Widget widget = get("blue");
    assertThat(widget.getStatus().getPaint()).isEqualTo("blue");
    assertThat(Widget.ready(widget).orElseThrow().getReason()).isEqualTo("Reconciled");
    assertThat(client.configMaps().inNamespace(namespace).withName("blue-paint").get().getData())
        .containsEntry("color", "blue");
    // our own status write triggers one more reconcile, which must find nothing to do
    awaitIdle(0);
    assertThat(statusPatches(mark, "blue")).hasSize(1);
  }

  @Test
  void reconcileOfConvergedResourceSendsNoWritesAndNoReads() {
    start(paintStep());
    create("green", "green");
    awaitReady("green", "True");
    awaitIdle(0);

    int mark = server.requests().mark();
    long before = controller.reconcileCount();
    controller.enqueue(new ResourceKey(namespace, "green"));
    controller.enqueue(new ResourceKey(namespace, "green"));
    awaitIdle(before);

    assertThat(server.requests().writesSince(mark)).isEmpty();
    assertThat(server.requests().readsSince(mark)).isEmpty();
  }

  @Test
  void specChangeIsReconciledAndObservedGenerationFollows() {
    start(paintStep());
    create("shade", "red");
    awaitReady("shade", "True");

    Widget widget = get("shade");
    widget.getSpec().setColor("black");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget updated = get("shade");
      assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
      assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(2L);
      assertThat(updated.getStatus().getPaint()).isEqualTo("black");
    });
    assertThat(client.configMaps().inNamespace(namespace).withName("shade-paint").get().getData())
        .containsEntry("color", "black");
  }

  @Test
  void failingStepSetsReadyFalseWithReasonAndIsRetriedUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    start(SyncStep.of("flaky", (context, widget) -> {
      if (attempts.incrementAndGet() <= 3) {
        throw new ReconcileException("PaintMissing", "no paint for " + widget.getSpec().getColor());
      }
      return Result.done();
    }));
    create("flaky", "pink");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.ready(get("flaky"))).hasValueSatisfying(ready -> {
          assertThat(ready.getStatus()).isEqualTo("False");
          assertThat(ready.getReason()).isEqualTo("PaintMissing");
          assertThat(ready.getMessage()).isEqualTo("no paint for pink");
        }));
    awaitReady("flaky", "True");
    assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
    assertThat(controller.failureCount()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void unexpectedExceptionIsReportedWithGenericReason() {
    start(SyncStep.of("npe", (context, widget) -> {
      throw new IllegalStateException("the widget has no frame");
    }));
    create("broken", "grey");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.ready(get("broken"))).hasValueSatisfying(ready -> {
          assertThat(ready.getStatus()).isEqualTo("False");
          assertThat(ready.getReason()).isEqualTo("ReconcileError");
          assertThat(ready.getMessage()).isEqualTo("the widget has no frame");
        }));
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.failureCount() >= 3);
  }

  @Test
  void permanentErrorIsReportedButNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    start(SyncStep.of("invalid", (context, widget) -> {
      attempts.incrementAndGet();
      throw ReconcileException.permanent("InvalidColor", "'" + widget.getSpec().getColor() + "' is no color");
    }));
    create("odd", "octarine");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.ready(get("odd"))).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("InvalidColor")));
    // the status write itself causes one more event; after that, nothing retries the key
    awaitIdle(0);
    int settled = attempts.get();
    assertThat(settled).isBetween(1, 2);
    assertThat(controller.queue().retries(new ResourceKey(namespace, "odd"))).isZero();
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> attempts.get() == settled);
  }

  @Test
  void deletedParentEndsCleanly() {
    start(paintStep());
    create("gone", "white");
    awaitReady("gone", "True");
    long failures = controller.failureCount();

    int mark = server.requests().mark();
    client.resources(Widget.class).inNamespace(namespace).withName("gone").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.parents()
        .get(new ResourceKey(namespace, "gone")).isEmpty());
    long before = controller.reconcileCount();
    controller.enqueue(new ResourceKey(namespace, "gone"));
    awaitIdle(before);

    assertThat(controller.failureCount()).isEqualTo(failures);
    assertThat(server.requests().writesSince(mark)).extracting(RequestLog.Request::method).containsOnly("DELETE");
  }

  @Test
  void stopDrainsReconcilesInFlight() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    start(SyncStep.action("slow", (context, widget) -> {
      entered.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      finished.incrementAndGet();
    }));
    create("slow", "brown");
    assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    boolean drained = controller.stop(Duration.ofSeconds(5));

    assertThat(drained).isTrue();
    assertThat(finished.get()).isEqualTo(1);
    assertThat(controller.isRunning()).isFalse();
  }
}
