package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.core.tracker.Tracker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Finalizers and cleanups, the tracker, shared informers, watches with mappers and event filters, against the
 * embedded API server (whose finalizer handling matches a real API server: FACTS.md).
 */
class LifecycleIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 100,
      100);
  private static final String FINALIZER = "test.maestro.dev/finalizer";

  private static int counter;

  private KubernetesClient client;
  private final List<Controller<?>> controllers = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "life" + (++counter);
  }

  @AfterEach
  void tearDown() {
    controllers.forEach(c -> c.stop(Duration.ofSeconds(5)));
  }

  private Controller<Widget> start(UnaryOperator<ControllerBuilder<Widget>> configure) {
    Controller<Widget> controller = configure.apply(Maestro.forParent(Widget.class)
        .withClient(client).inNamespaces(namespace).withRetry(FAST_RETRY)).build();
    controller.start();
    controllers.add(controller);
    return controller;
  }

  /** A controller following the namespaces labelled {@code maestro-test=<this test's namespace>}, started. */
  private Controller<Widget> startFollowingLabelled(UnaryOperator<ControllerBuilder<Widget>> configure) {
    Controller<Widget> controller = configure.apply(Maestro.forParent(Widget.class).withClient(client)
        .withRetry(FAST_RETRY).inNamespacesLabelled(Map.of("maestro-test", namespace))).build();
    controller.start();
    controllers.add(controller);
    return controller;
  }

  private Widget create(String name, String color) {
    return client.resource(Widget.of(namespace, name, color)).create();
  }

  private Widget get(String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  private void delete(String name) {
    client.resources(Widget.class).inNamespace(namespace).withName(name).delete();
  }

  private static void awaitIdle(Controller<?> controller) {
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  // --- finalizers and cleanup

  @Test
  void finalizerIsAddedBeforeAnyStepRunsAndOnlyWhenAStepHasACleanup() {
    List<List<String>> finalizersSeen = new CopyOnWriteArrayList<>();
    start(b -> b.register(SyncStep.<Widget>action("observe", (context, widget) ->
            finalizersSeen.add(List.copyOf(widget.getMetadata().getFinalizers()))))
        .register(SyncStep.<Widget>action("noted", (context, widget) -> { }).withCleanup((context, widget) -> { })));
    create("guarded", "blue");

    await().atMost(Duration.ofSeconds(20)).until(() -> get("guarded").getMetadata().getFinalizers()
        .contains(FINALIZER));
    await().atMost(Duration.ofSeconds(10)).until(() -> !finalizersSeen.isEmpty());
    assertThat(finalizersSeen).allSatisfy(seen -> assertThat(seen).contains(FINALIZER));
  }

  @Test
  void controllerWithoutCleanupsAddsNoFinalizer() {
    Controller<Widget> controller = start(b -> b.register(SyncStep.<Widget>action("plain", (context, widget) -> { })));
    create("bare", "grey");
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() >= 1);
    awaitIdle(controller);

    assertThat(get("bare").getMetadata().getFinalizers()).isEmpty();
  }

  @Test
  void cleanupsRunInReverseStepOrderThenTheFinalizerGoesAndNothingElseIsWritten() {
    List<String> cleaned = new CopyOnWriteArrayList<>();
    Controller<Widget> controller = start(b -> b
        .register(SyncStep.<Widget>action("first", (context, widget) -> { })
            .withCleanup((context, widget) -> cleaned.add("first")))
        .register(SyncStep.<Widget>action("second", (context, widget) -> { })
            .withCleanup((context, widget) -> cleaned.add("second"))));
    create("ordered", "red");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("ordered").getMetadata().getFinalizers()
        .contains(FINALIZER));
    awaitIdle(controller);

    int mark = server.requests().mark();
    delete("ordered");

    await().atMost(Duration.ofSeconds(20)).until(() -> get("ordered") == null);
    assertThat(cleaned).containsExactly("second", "first");
    assertThat(server.requests().writesSince(mark)).extracting(r -> r.method() + " " + r.path().replaceAll("\\?.*",
        "")).containsExactly(
            "DELETE /apis/test.maestro.dev/v1/namespaces/" + namespace + "/widgets/ordered",
            "PATCH /apis/test.maestro.dev/v1/namespaces/" + namespace + "/widgets/ordered");
  }

  @Test
  void failingCleanupKeepsTheFinalizerReportsAndIsRetriedUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    start(b -> b.register(SyncStep.<Widget>action("external", (context, widget) -> { })
        .withCleanup((context, widget) -> {
          if (attempts.incrementAndGet() < 4) {
            throw new ReconcileException("ExternalBusy", "the external system is busy");
          }
        })));
    create("stubborn", "black");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("stubborn").getMetadata().getFinalizers()
        .contains(FINALIZER));

    delete("stubborn");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget stubborn = get("stubborn");
      assertThat(stubborn).isNotNull();
      assertThat(stubborn.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(stubborn.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getReason()).isEqualTo("ExternalBusy");
        assertThat(c.getMessage()).contains("cleanup failed");
      });
    });
    // events go out from the recorder's thread, after the status
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace)
        .list().getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ExternalBusy")));
    await().atMost(Duration.ofSeconds(20)).until(() -> get("stubborn") == null);
    assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void resourceWithoutOurFinalizerBeingDeletedIsLeftAloneAndForeignFinalizersAreKept() {
    AtomicInteger cleanups = new AtomicInteger();
    Widget foreign = Widget.of(namespace, "foreign", "white");
    foreign.getMetadata().setFinalizers(List.of("other.example.com/keep"));
    client.resource(foreign).create();
    delete("foreign"); // terminating before our controller ever saw it
    Controller<Widget> controller = start(b -> b.register(SyncStep.<Widget>action("step", (context, widget) -> { })
        .withCleanup((context, widget) -> cleanups.incrementAndGet())));
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() >= 1);
    awaitIdle(controller);

    Widget after = get("foreign");
    assertThat(after.getMetadata().getFinalizers()).containsExactly("other.example.com/keep");
    assertThat(cleanups.get()).isZero();

    // and with ours next to a foreign one, only ours goes
    Widget mixed = Widget.of(namespace, "mixed", "white");
    mixed.getMetadata().setFinalizers(List.of("other.example.com/keep"));
    client.resource(mixed).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("mixed").getMetadata().getFinalizers()
        .contains(FINALIZER));
    delete("mixed");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("mixed").getMetadata().getFinalizers()
        .equals(List.of("other.example.com/keep")));
    assertThat(cleanups.get()).isEqualTo(1);
  }

  // --- tracker

  @Test
  void trackedReferenceChangeReconcilesTheParent() {
    List<String> seen = new CopyOnWriteArrayList<>();
    start(b -> b.register(SyncStep.<Widget>action("read", (context, widget) -> {
      Optional<ConfigMap> palette = context.track(ConfigMap.class, new ResourceKey(namespace, "palette"));
      seen.add(palette.map(cm -> cm.getData().get("color")).orElse("missing"));
    })));
    create("reader", "any");
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("missing"));

    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("palette")
        .endMetadata().addToData("color", "teal").build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("teal"));

    client.configMaps().inNamespace(namespace).withName("palette").edit(cm -> {
      cm.getData().put("color", "navy");
      return cm;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("navy"));

    int before = seen.size();
    client.configMaps().inNamespace(namespace).withName("palette").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() > before && seen.get(seen.size() - 1)
        .equals("missing"));
  }

  @Test
  void trackedSelectorReconcilesTheParentForMatchingObjectsOnly() {
    AtomicInteger reconciles = new AtomicInteger();
    start(b -> b.register(SyncStep.<Widget>action("select", (context, widget) -> {
      reconciles.incrementAndGet();
      context.trackSelector(ConfigMap.class, namespace, Map.of("palette", "warm"));
    })));
    create("selective", "any");
    await().atMost(Duration.ofSeconds(20)).until(() -> reconciles.get() >= 1);
    int before = reconciles.get();

    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("cold")
        .addToLabels("palette", "cold").endMetadata().build()).create();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reconciles.get() == before);

    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("warm")
        .addToLabels("palette", "warm").endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> reconciles.get() > before);
  }

  @Test
  void tracksOfAReconcileReplaceTheEarlierOnesAndADeletedParentsTracksAreDropped() {
    Tracker tracker = new Tracker();
    Controller<Widget> controller = start(b -> b.withTracker(tracker).register(SyncStep.<Widget>action("follow",
        (context, widget) -> context.track(ConfigMap.class, new ResourceKey(namespace,
            widget.getSpec().getColor())))));
    create("follower", "first");
    await().atMost(Duration.ofSeconds(20)).until(() -> tracker.tracksOf("widgets", new ResourceKey(namespace,
        "follower")).equals(List.of("ConfigMap " + namespace + "/first")));

    Widget follower = get("follower");
    follower.getSpec().setColor("second");
    client.resource(follower).update();
    await().atMost(Duration.ofSeconds(20)).until(() -> tracker.tracksOf("widgets", new ResourceKey(namespace,
        "follower")).equals(List.of("ConfigMap " + namespace + "/second")));

    delete("follower");
    await().atMost(Duration.ofSeconds(20)).until(() -> tracker.size() == 0);
    awaitIdle(controller);
  }

  @Test
  void manyParentsKeepTrackerMemoryBoundedByLiveTracks() {
    Tracker tracker = new Tracker();
    start(b -> b.withTracker(tracker).register(SyncStep.<Widget>action("follow", (context, widget) ->
        context.track(ConfigMap.class, new ResourceKey(namespace, "shared")))));
    for (int i = 0; i < 30; i++) {
      create("many" + i, "x");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> tracker.size() == 30);
    for (int i = 0; i < 30; i++) {
      delete("many" + i);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> tracker.size() == 0);
  }

  @Test
  void reconcileThatTracksWhileTheControllerStopsIsNotBlockedByTheStop() throws Exception {
    java.util.concurrent.CountDownLatch inStep = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    Controller<Widget> controller = start(b -> b.register(SyncStep.<Widget>action("tracks late", (context, widget) -> {
      inStep.countDown();
      try {
        proceed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      context.track(ConfigMap.class, new ResourceKey(namespace, "palette"));
    })));
    create("late", "red");
    assertThat(inStep.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    java.util.concurrent.CompletableFuture<Boolean> stopped = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> controller.stop(Duration.ofSeconds(10)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !controller.isRunning());
    proceed.countDown();

    // before, stop held the lock that tracking needs: the reconcile waited for the timeout and was interrupted
    assertThat(stopped.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("drained within the timeout").isTrue();
    controllers.remove(controller);
  }

  // --- shared informers, mapped watches, filters

  @Test
  void twoControllersWatchingConfigMapsShareOneInformer() {
    Informers informers = new Informers(client);
    start(b -> b.named("left").withInformers(informers).caches(ConfigMap.class));
    start(b -> b.named("right").withInformers(informers).caches(ConfigMap.class));

    assertThat(informers.groups(ConfigMap.class)).isEqualTo(1);
    assertThat(informers.groups(Widget.class)).isEqualTo(1);
    int watches = (int) server.requests().all().stream()
        .filter(r -> r.path().contains("/namespaces/" + namespace + "/configmaps") && r.path().contains("watch=true"))
        .count();
    assertThat(watches).isEqualTo(1);
  }

  @Test
  void mappedWatchReconcilesTheParentsTheMapperNames() {
    List<String> reconciled = new CopyOnWriteArrayList<>();
    start(b -> b.watches(ConfigMap.class, cm -> cm.getMetadata().getLabels() == null ? List.of()
            : List.of(new ResourceKey(namespace, cm.getMetadata().getLabels().getOrDefault("widget", "none"))))
        .register(SyncStep.<Widget>action("record", (context, widget) -> reconciled.add(widget.getMetadata().getName()))));
    create("target", "any");
    create("bystander", "any");
    await().atMost(Duration.ofSeconds(20)).until(() -> reconciled.contains("target")
        && reconciled.contains("bystander"));
    reconciled.clear();

    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("hint")
        .addToLabels("widget", "target").endMetadata().build()).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> reconciled.contains("target"));
    assertThat(reconciled).doesNotContain("bystander");
  }

  @Test
  void statusOnlyUpdateCausesNoReconcileButALabelChangeDoes() {
    Controller<Widget> controller = start(b -> b.register(SyncStep.<Widget>action("noop", (context, widget) -> { })));
    create("filtered", "green");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("filtered").getStatus() != null
        && !get("filtered").getStatus().getConditions().isEmpty());
    awaitIdle(controller);
    long before = controller.reconcileCount();

    Widget widget = get("filtered");
    widget.getStatus().setPaint("touched by someone else");
    client.resource(widget).updateStatus();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
        controller.reconcileCount() == before);

    client.resources(Widget.class).inNamespace(namespace).withName("filtered").edit(w -> {
      w.getMetadata().setLabels(Map.of("tier", "gold"));
      return w;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > before);
  }

  // --- namespaces

  private Widget createIn(String ns, String name) {
    return client.resource(Widget.of(ns, name, "any")).create();
  }

  private Optional<String> readyIn(String ns, String name) {
    Widget widget = client.resources(Widget.class).inNamespace(ns).withName(name).get();
    if (widget == null || widget.getStatus() == null) {
      return Optional.empty();
    }
    return widget.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
        .map(c -> c.getStatus() + ":" + c.getReason() + ":" + c.getMessage()).findFirst();
  }

  @Test
  void strictStrategyMakesAReadOfAnotherNamespaceAnErrorAndNeverReconcilesThere() {
    String elsewhere = namespace + "-other";
    client.configMaps().inNamespace(elsewhere).resource(new ConfigMapBuilder().withNewMetadata().withName("far")
        .endMetadata().addToData("k", "v").build()).create();
    List<String> reconciled = new CopyOnWriteArrayList<>();
    start(b -> b.caches(ConfigMap.class).register(SyncStep.<Widget>action("reach", (context, widget) -> {
      reconciled.add(widget.getMetadata().getNamespace());
      context.cache(ConfigMap.class).get(new ResourceKey(elsewhere, "far"));
    })));
    createIn(elsewhere, "unseen");
    create("reacher", "x");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readyIn(namespace, "reacher"))
        .hasValueSatisfying(ready -> assertThat(ready).startsWith("False:").contains("is not watched")));
    assertThat(reconciled).containsOnly(namespace);
    assertThat(readyIn(elsewhere, "unseen")).isEmpty();
  }

  @Test
  void adhocStrategyReadsOtherNamespacesUncached() {
    String elsewhere = namespace + "-adhoc";
    client.configMaps().inNamespace(elsewhere).resource(new ConfigMapBuilder().withNewMetadata().withName("far")
        .endMetadata().addToData("k", "found").build()).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    start(b -> b.withNamespaceStrategy(dev.maestro.core.runtime.NamespaceStrategy.ADHOC).caches(ConfigMap.class)
        .register(SyncStep.<Widget>action("reach", (context, widget) -> seen.add(context.cache(ConfigMap.class)
            .get(new ResourceKey(elsewhere, "far")).map(cm -> cm.getData().get("k")).orElse("none")))));
    create("adhoc", "x");

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("found"));
  }

  @Test
  void extendableStrategyAddsAndRemovesNamespacesAtRuntime() {
    String later = namespace + "-later";
    AtomicInteger laterReconciles = new AtomicInteger();
    Controller<Widget> controller = start(b -> b
        .withNamespaceStrategy(dev.maestro.core.runtime.NamespaceStrategy.EXTENDABLE)
        .register(SyncStep.<Widget>action("count", (context, widget) -> {
          if (widget.getMetadata().getNamespace().equals(later)) {
            laterReconciles.incrementAndGet();
          }
        })));
    createIn(later, "waiting");
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> laterReconciles.get() == 0);

    controller.addNamespace(later);
    await().atMost(Duration.ofSeconds(20)).until(() -> readyIn(later, "waiting").isPresent());
    assertThat(controller.namespaces()).containsExactlyInAnyOrder(namespace, later);

    controller.removeNamespace(later);
    int before = laterReconciles.get();
    client.resources(Widget.class).inNamespace(later).withName("waiting").edit(w -> {
      w.getSpec().setColor("changed");
      return w;
    });
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
        laterReconciles.get() == before);
    assertThat(controller.namespaces()).containsExactly(namespace);
  }

  @Test
  void aNamespaceWhoseInformersCannotStartIsNotHalfAddedAndCanBeAddedAgain() {
    String later = namespace + "-denied";
    // fabric8 retries a failed first list (Maestro asks it to), so the start ends at the sync timeout
    Controller<Widget> controller = start(b -> b
        .withNamespaceStrategy(dev.maestro.core.runtime.NamespaceStrategy.EXTENDABLE)
        .withSyncTimeout(Duration.ofSeconds(2))
        .register(SyncStep.<Widget>action("noop", (context, widget) -> { })));
    createIn(later, "patient");
    InjectedFault forbidden = server.inject(Fault.onList(Widget.class).inNamespace(later).failWith(403).always());

    assertThatThrownBy(() -> controller.addNamespace(later)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Widget.class.getName());
    assertThat(controller.namespaces()).containsExactly(namespace);
    assertThat(forbidden.timesFired()).isPositive();

    forbidden.remove();
    controller.addNamespace(later); // starts over, now that the list is allowed
    await().atMost(Duration.ofSeconds(20)).until(() -> readyIn(later, "patient").isPresent());
    assertThat(controller.namespaces()).containsExactlyInAnyOrder(namespace, later);
  }

  @Test
  void namespaceLabelSelectorFollowsNamespacesAsTheyAreLabelled() {
    String team = namespace + "-team";
    Controller<Widget> controller = startFollowingLabelled(b -> b
        .register(SyncStep.<Widget>action("noop", (context, widget) -> { })));
    createIn(team, "member");
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
        readyIn(team, "member").isEmpty());

    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(team).addToLabels("maestro-test", namespace).endMetadata().build()).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> readyIn(team, "member").isPresent());
    assertThat(controller.namespaces()).containsExactly(team);
  }

  @Test
  void aLabelledNamespaceWhoseInformersCannotStartYetIsTriedAgainUntilTheyDo() {
    // the operator's RoleBinding in a new namespace often comes after the namespace's label
    String team = namespace + "-unready";
    InjectedFault forbidden = server.inject(Fault.onList(Widget.class).inNamespace(team).failWith(403).always());
    Controller<Widget> controller = startFollowingLabelled(b -> b.withSyncTimeout(Duration.ofSeconds(1))
        .register(SyncStep.<Widget>action("noop", (context, widget) -> { })));
    createIn(team, "member");
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(team).addToLabels("maestro-test", namespace).endMetadata().build()).create();

    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.maestro.controller.widgets"))
        .addAppender(logged);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        synchronized (logged) {
          return logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(
              "could not follow namespace " + team));
        }
      });
    } finally {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.maestro.controller.widgets"))
          .detachAppender(logged);
    }
    assertThat(forbidden.timesFired()).isPositive();
    assertThat(readyIn(team, "member")).isEmpty();

    forbidden.remove(); // nobody touches the Namespace: only the controller's own retry can add it now
    await().atMost(Duration.ofSeconds(30)).until(() -> readyIn(team, "member").isPresent());
    assertThat(controller.namespaces()).containsExactly(team);
  }

  @Test
  void aTerminatingNamespaceStaysFollowedSoThatItsParentsCleanupsRunAndItCanGo() {
    // Relies on the embedded server keeping an object with finalizers after its delete (deletionTimestamp set):
    // the Namespace's own finalizer here stands in for the real API server's namespace lifecycle, which keeps a
    // namespace Terminating until every object in it, ours with our finalizer, is gone.
    String team = namespace + "-leaving";
    List<String> cleaned = new CopyOnWriteArrayList<>();
    Controller<Widget> controller = startFollowingLabelled(b -> b
        .register(SyncStep.<Widget>action("noted", (context, widget) -> { })
            .withCleanup((context, widget) -> cleaned.add(widget.getMetadata().getName()))));
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(team).addToLabels("maestro-test", namespace).addToFinalizers("test.maestro.dev/hold")
        .endMetadata().build()).create();
    createIn(team, "member");
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Widget member = client.resources(Widget.class).inNamespace(team).withName("member").get();
      return member.getMetadata().getFinalizers().contains(FINALIZER);
    });

    client.namespaces().withName(team).delete();
    assertThat(client.namespaces().withName(team).get().getMetadata().getDeletionTimestamp()).isNotNull();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
        controller.namespaces().contains(team));

    // what the namespace controller does next: delete what the namespace holds
    client.resources(Widget.class).inNamespace(team).withName("member").delete();
    await().atMost(Duration.ofSeconds(20)).until(() ->
        client.resources(Widget.class).inNamespace(team).withName("member").get() == null);
    assertThat(cleaned).containsExactly("member");

    client.namespaces().withName(team).edit(ns -> {
      ns.getMetadata().setFinalizers(List.of());
      return ns;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> !controller.namespaces().contains(team));
  }

  @Test
  void clusterScopedChildIsFoundWithoutAnOwnerReferenceAndDeletedByItsCleanup() {
    String workspace = namespace + "-workspace";
    Controller<Widget> controller = start(b -> b.register(new dev.maestro.core.child.ChildStep<Widget,
        io.fabric8.kubernetes.api.model.Namespace>(io.fabric8.kubernetes.api.model.Namespace.class) {
      @Override
      protected Optional<io.fabric8.kubernetes.api.model.Namespace> desired(Widget widget,
          dev.maestro.core.ReconcileContext<Widget> context) {
        return Optional.of(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
            .withName(workspace).addToLabels("color", widget.getSpec().getColor()).endMetadata().build());
      }

      @Override
      protected boolean deleteOnCleanup() {
        return true;
      }
    }));
    create("owner", "blue");
    await().atMost(Duration.ofSeconds(20)).until(() -> client.namespaces().withName(workspace).get() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> get("owner").getStatus() != null
        && get("owner").getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
            && c.getStatus().equals("True")));
    awaitIdle(controller);
    assertThat(client.namespaces().withName(workspace).get().getMetadata().getAnnotations())
        .containsEntry("maestro.dev/controller", "Widget/" + namespace + "/owner");

    Widget owner = get("owner");
    owner.getSpec().setColor("green");
    client.resource(owner).update();
    await().atMost(Duration.ofSeconds(20)).until(() -> "green".equals(client.namespaces().withName(workspace).get()
        .getMetadata().getLabels().get("color")));

    delete("owner");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("owner") == null
        && client.namespaces().withName(workspace).get() == null);
  }
}
