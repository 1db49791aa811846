package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.HasCleanup;
import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.SyncStep;
import dev.maestro.core.child.ChildStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.NamespaceStrategy;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Edge cases of cleanup on deletion, of child writes and of the tracker, against the embedded API server: a
 * finalizer goes only once every cleanup is done, a child the cache does not show yet is still cleaned up, a child
 * already gone when deleted is deleted, and a tracked object outside the watched namespaces still reconciles its
 * parent.
 */
class CleanupAndChildEdgeCasesIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 100,
      100);
  private static final String FINALIZER = "test.maestro.dev/finalizer";

  private static int counter;

  private KubernetesClient client;
  private Controller<Widget> controller;
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "edge" + (++counter);
  }

  @AfterEach
  void tearDown() {
    server.clearFaults();
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  private Controller<Widget> start(UnaryOperator<ControllerBuilder<Widget>> configure) {
    controller = configure.apply(Maestro.forParent(Widget.class).withClient(client).inNamespaces(namespace)
        .withRetry(FAST_RETRY)).build();
    controller.start();
    return controller;
  }

  private Widget create(String name, String color) {
    return client.resource(Widget.of(namespace, name, color)).create();
  }

  private Widget get(String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  private Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  private void awaitIdle() {
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  /** The widget's paint ConfigMap, deleted explicitly on cleanup; none when the color is "none". */
  static class PaintConfigMap extends ChildStep<Widget, ConfigMap> {

    PaintConfigMap() {
      super(ConfigMap.class);
    }

    @Override
    protected Optional<ConfigMap> desired(Widget widget, ReconcileContext<Widget> context) {
      if ("none".equals(widget.getSpec().getColor())) {
        return Optional.empty();
      }
      return Optional.of(new ConfigMapBuilder().withNewMetadata().withName(widget.getMetadata().getName() + "-paint")
          .endMetadata().withData(Map.of("color", widget.getSpec().getColor())).build());
    }

    @Override
    protected void reflectStatus(Widget widget, Optional<ConfigMap> child, @Nullable RuntimeException error,
        ReconcileContext<Widget> context) {
      widget.getStatus().setPaint(child.map(c -> c.getData().get("color")).orElse(null));
    }

    @Override
    protected boolean deleteOnCleanup() {
      return true;
    }
  }

  /** A cache that has not caught up with anything yet. */
  private static final ResourceCache<ConfigMap> EMPTY = new EmptyCache<>();

  /** Our writes, as the controller records them; their informer events have not arrived. */
  private static ReconcileContext.OwnWrites eventsNotArrived() {
    Map<ResourceKey, String> newest = new java.util.concurrent.ConcurrentHashMap<>();
    return new ReconcileContext.OwnWrites() {
      @Override
      public void record(HasMetadata written) {
        newest.put(ResourceKey.of(written), written.getMetadata().getResourceVersion());
      }

      @Override
      public boolean awaitsEvent(HasMetadata written) {
        return written.getMetadata().getResourceVersion().equals(newest.get(ResourceKey.of(written)));
      }
    };
  }

  private ReconcileContext<Widget> context(Widget widget, ResourceCache<ConfigMap> cache,
      ReconcileContext.OwnWrites writes) {
    return new ReconcileContext<>("widgets", ResourceKey.of(widget), "test", 1, client, new dev.maestro.core.Stash(),
        dev.maestro.core.condition.ConditionUpdater.of(List.of(), false), type -> cache,
        LoggerFactory.getLogger("test"), null, null, writes);
  }

  /** A step with a cleanup that removes something outside the cluster. */
  abstract static class ExternalResource implements Step<Widget>, HasCleanup<Widget> {

    @Override
    public Result reconcile(ReconcileContext<Widget> context, Widget widget) {
      return Result.done();
    }

    @Override
    public boolean hasCleanup() {
      return true;
    }

    @Override
    public String name() {
      return "external";
    }
  }

  // --- cleanup

  @Test
  void cleanupDeletesAChildItCreatedThatTheCacheDoesNotShowYet() {
    // the parent is deleted right after the reconcile that created its child, before the child's event arrived
    Widget widget = create("hasty", "red");
    PaintConfigMap step = new PaintConfigMap();
    ReconcileContext.OwnWrites writes = eventsNotArrived();
    step.reconcile(context(widget, EMPTY, writes), widget);
    assertThat(configMap("hasty-paint")).isPresent();

    step.cleanup(context(widget, EMPTY, writes), widget);

    assertThat(configMap("hasty-paint")).isEmpty();
  }

  @Test
  void cleanupAskingForARequeueKeepsTheFinalizerUntilItIsDone() {
    AtomicInteger calls = new AtomicInteger();
    List<Boolean> heldWhenCalled = new CopyOnWriteArrayList<>();
    start(b -> b.register(new ExternalResource() {
      @Override
      public Result cleanup(ReconcileContext<Widget> context, Widget widget) {
        Widget now = get("patient");
        heldWhenCalled.add(now != null && now.getMetadata().getFinalizers().contains(FINALIZER));
        // the external resource takes a while to go: look again shortly
        return calls.incrementAndGet() < 3 ? Result.requeueAfter(Duration.ofMillis(100)) : Result.done();
      }
    }));
    create("patient", "blue");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("patient").getMetadata().getFinalizers()
        .contains(FINALIZER));
    awaitIdle();

    client.resources(Widget.class).inNamespace(namespace).withName("patient").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> get("patient") == null);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(heldWhenCalled).containsOnly(true);
  }

  // --- child writes

  @Test
  void childAlreadyGoneWhenDeletedCountsAsDeleted() {
    start(b -> b.register(new PaintConfigMap()));
    create("vanishing", "red");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("vanishing-paint").isPresent());
    awaitIdle();
    InjectedFault gone = server.inject(Fault.onDelete(ConfigMap.class).named("vanishing-paint").failWith(404));
    int mark = server.requests().mark();

    Widget widget = get("vanishing");
    widget.getSpec().setColor("none");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).until(gone::isSpent);
    awaitIdle();
    assertThat(Widget.ready(get("vanishing"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(server.requests().writesSince(mark)).filteredOn(r -> r.path().endsWith("/status"))
        .allSatisfy(r -> assertThat(r.body()).doesNotContain("NotFound"));
  }

  // --- tracker

  @Test
  void trackedObjectInAnUnwatchedNamespaceReconcilesTheParentWhenItChanges() {
    String elsewhere = namespace + "-shared";
    client.configMaps().inNamespace(elsewhere).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("greeting", "hello").build()).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    start(b -> b.withNamespaceStrategy(NamespaceStrategy.ADHOC).withTracker(new dev.maestro.core.tracker.Tracker())
        .register(SyncStep.<Widget>action("read", (context, widget) -> seen.add(context
            .track(ConfigMap.class, new ResourceKey(elsewhere, "settings"))
            .map(cm -> cm.getData().get("greeting")).orElse("none")))));
    create("reader", "x");
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("hello"));
    awaitIdle();

    client.configMaps().inNamespace(elsewhere).withName("settings").edit(cm -> {
      cm.getData().put("greeting", "bonjour");
      return cm;
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("bonjour"));
    awaitIdle();

    // read from the cache since: a reconcile of the unchanged parent sends no request at all
    int mark = server.requests().mark();
    long before = controller.reconcileCount();
    controller.enqueue(new ResourceKey(namespace, "reader"));
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > before);
    awaitIdle();
    assertThat(server.requests().since(mark)).filteredOn(r -> !r.path().contains("watch=true")).isEmpty();
  }

  @Test
  void informerOutsideTheNamespacesStopsOnceNothingIsTrackedThereAndStartsAgainWhenSomethingIs() {
    String elsewhere = namespace + "-adhoc";
    client.configMaps().inNamespace(elsewhere).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("greeting", "hello").build()).create();
    dev.maestro.core.runtime.Informers informers = new dev.maestro.core.runtime.Informers(client);
    List<String> seen = new CopyOnWriteArrayList<>();
    // a widget coloured "none" tracks nothing
    start(b -> b.withNamespaceStrategy(NamespaceStrategy.ADHOC).withAdhocIdleTimeout(Duration.ofMillis(300))
        .withInformers(informers).withTracker(new dev.maestro.core.tracker.Tracker())
        .register(SyncStep.<Widget>action("read", (context, widget) -> {
          String color = widget.getSpec().getColor();
          if (!color.equals("none")) {
            seen.add(color + ":" + context.track(ConfigMap.class, new ResourceKey(elsewhere, "settings"))
                .map(cm -> cm.getData().get("greeting")).orElse("none"));
          }
        })));
    create("reader", "x");
    // ConfigMaps in the controller's namespace, and in the one tracked outside it
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("x:hello")
        && informers.groups(ConfigMap.class) == 2);

    // tracked: kept well past the idle timeout, and a change there still reaches the parent
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(informers.groups(ConfigMap.class)).isEqualTo(2);
    client.configMaps().inNamespace(elsewhere).withName("settings").edit(cm -> {
      cm.getData().put("greeting", "bonjour");
      return cm;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("x:bonjour"));

    // tracked no more: stopped after the idle timeout
    recolor("reader", "none");
    await().atMost(Duration.ofSeconds(10)).until(() -> informers.groups(ConfigMap.class) == 1);

    // tracked again: started again, and read from it once it synced
    recolor("reader", "y");
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("y:bonjour")
        && informers.groups(ConfigMap.class) == 2);
  }

  private void recolor(String name, String color) {
    client.resources(Widget.class).inNamespace(namespace).withName(name).edit(widget -> {
      widget.getSpec().setColor(color);
      return widget;
    });
  }

  @Test
  void trackInANamespaceItMayNotWatchStaysUncachedAndStallsNothing() {
    String elsewhere = namespace + "-locked";
    client.configMaps().inNamespace(elsewhere).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("greeting", "hello").build()).create();
    // this service account may get the object there, but not list or watch its kind in that namespace
    server.inject(Fault.onList(ConfigMap.class).inNamespace(elsewhere).failWith(403).always());
    List<String> seen = new CopyOnWriteArrayList<>();
    ch.qos.logback.classic.Logger scopesLog =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.maestro.core.runtime.Scopes");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    scopesLog.addAppender(logged);
    try {
      trackWhereListingIsForbidden(elsewhere, logged);
    } finally {
      scopesLog.detachAppender(logged);
    }
  }

  private void trackWhereListingIsForbidden(String elsewhere,
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged) {
    List<String> seen = new CopyOnWriteArrayList<>();
    // fabric8 retries a failed list forever: the sync timeout is what gives up on the informer there
    start(b -> b.withNamespaceStrategy(NamespaceStrategy.ADHOC).withSyncTimeout(Duration.ofSeconds(2))
        .withTracker(new dev.maestro.core.tracker.Tracker())
        .register(SyncStep.<Widget>action("read", (context, widget) -> {
          seen.add(widget.getMetadata().getName() + ":" + context
              .track(ConfigMap.class, new ResourceKey(elsewhere, "settings"))
              .map(cm -> cm.getData().get("greeting")).orElse("none"));
          widget.getStatus().setPaint(widget.getSpec().getColor());
        })));
    create("reader", "x");
    create("other", "y");

    // both reconciled, reading uncached, while the informer there could not start
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.containsAll(List.of("reader:hello", "other:hello")));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(Widget.ready(get("reader"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(Widget.ready(get("other"))).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });
    // the controller's own caches are what its health reports, not the failed informer outside them
    assertThat(controller.hasSynced()).isTrue();
    assertThat(controller.isWatching()).isTrue();

    // given up after the sync timeout: logged with the kind and namespace, and released (no more lists there)
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      synchronized (logged) {
        return logged.list.stream().anyMatch(e -> e.getFormattedMessage()
            .contains("Cannot watch ConfigMap in namespace " + elsewhere));
      }
    });
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    int mark = server.requests().mark();
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(server.requests().since(mark)).filteredOn(r -> r.path().contains("/namespaces/" + elsewhere + "/"))
        .isEmpty();
  }
}
