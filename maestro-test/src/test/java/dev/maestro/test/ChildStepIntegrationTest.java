package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ResourceCache;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Step;
import dev.maestro.core.child.ApplyMode;
import dev.maestro.core.child.ChildSetStep;
import dev.maestro.core.child.ChildStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Child and child-set steps against the embedded API server. The server has no mutating webhooks and no
 * defaulting, so "defaults added by the server" are played by another client adding fields after the create.
 */
class ChildStepIntegrationTest {

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
    namespace = "child" + (++counter);
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  /** The widget's paint ConfigMap: data.color = spec.color; none when the color is "none". */
  static class PaintConfigMap extends ChildStep<Widget, ConfigMap> {

    final List<String> reflected = new ArrayList<>();

    PaintConfigMap() {
      super(ConfigMap.class);
    }

    PaintConfigMap(ApplyMode mode) {
      super(ConfigMap.class, mode);
    }

    @Override
    protected Optional<ConfigMap> desired(Widget widget, ReconcileContext<Widget> context) {
      if ("none".equals(widget.getSpec().getColor())) {
        return Optional.empty();
      }
      return Optional.of(new ConfigMapBuilder()
          .withNewMetadata().withName(widget.getMetadata().getName() + "-paint").addToLabels("app", "widget")
          .endMetadata()
          .withData(Map.of("color", widget.getSpec().getColor()))
          .build());
    }

    @Override
    protected void reflectStatus(Widget widget, Optional<ConfigMap> child, @Nullable RuntimeException error,
        ReconcileContext<Widget> context) {
      widget.getStatus().setPaint(child.map(c -> c.getData().get("color")).orElse(null));
      reflected.add(error == null ? "ok" : "error");
    }
  }

  private Controller<Widget> start(Step<Widget> step) {
    controller = Maestro.forParent(Widget.class)
        .withClient(client)
        .inNamespaces(namespace)
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

  private Optional<ConfigMap> configMap(String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  private void awaitReady(String name) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget widget = get(name);
      assertThat(Widget.ready(widget)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(widget.getStatus().getObservedGeneration()).isEqualTo(widget.getMetadata().getGeneration());
    });
  }

  private void awaitIdle() {
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  private List<RequestLog.Request> configMapWrites(int mark) {
    return server.requests().writesSince(mark).stream().filter(r -> r.path().contains("/configmaps")).toList();
  }

  @Test
  void createsTheChildWithAControllerOwnerReferenceExactlyOnce() {
    int mark = server.requests().mark();
    start(new PaintConfigMap());
    Widget widget = create("blue", "blue");

    awaitReady("blue");
    awaitIdle();
    ConfigMap child = configMap("blue-paint").orElseThrow();
    assertThat(child.getData()).containsEntry("color", "blue");
    assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getUid()).isEqualTo(widget.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("Widget");
      assertThat(owner.getController()).isTrue();
      assertThat(owner.getBlockOwnerDeletion()).isTrue();
    });
    assertThat(get("blue").getStatus().getPaint()).isEqualTo("blue");
    assertThat(configMapWrites(mark)).extracting(RequestLog.Request::method).containsExactly("POST");
  }

  @Test
  void theEventOfAChildWeCreatedTriggersNoSecondReconcile() {
    start(new PaintConfigMap());
    int parents = 20;
    for (int i = 0; i < parents; i++) {
      create("quiet-" + i, "grey");
    }
    for (int i = 0; i < parents; i++) {
      awaitReady("quiet-" + i);
    }
    awaitIdle();

    // Without the filter every parent is reconciled twice: once to create its child, once more for the child's ADDED
    // event. With it, only a child event that overtakes the reply to the create (a rare race) costs a reconcile.
    assertThat(controller.reconcileCount()).isGreaterThanOrEqualTo(parents).isLessThan(parents + parents / 2);
  }

  @Test
  void writesChainWhileTheCacheLagsBehindSoNoChildIsCreatedTwice() {
    Widget widget = create("laggy", "red");
    PaintConfigMap step = new PaintConfigMap();
    // a cache that never catches up, and a record of our writes whose events never arrive: the step must trust its
    // own create, then its update based on that create, and neither create again nor update a stale version
    ResourceCache<ConfigMap> empty = new EmptyCache<>();
    Map<ResourceKey, String> newest = new java.util.concurrent.ConcurrentHashMap<>();
    ReconcileContext.OwnWrites writes = new ReconcileContext.OwnWrites() {
      @Override
      public void record(io.fabric8.kubernetes.api.model.HasMetadata written) {
        newest.put(ResourceKey.of(written), written.getMetadata().getResourceVersion());
      }

      @Override
      public boolean awaitsEvent(io.fabric8.kubernetes.api.model.HasMetadata written) {
        return written.getMetadata().getResourceVersion().equals(newest.get(ResourceKey.of(written)));
      }
    };
    int mark = server.requests().mark();

    step.reconcile(context(widget, empty, writes), widget);
    widget.getSpec().setColor("blue");
    step.reconcile(context(widget, empty, writes), widget);
    step.reconcile(context(widget, empty, writes), widget);

    assertThat(configMapWrites(mark)).extracting(RequestLog.Request::method).containsExactly("POST", "PUT");
    assertThat(configMap("laggy-paint")).hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("color",
        "blue"));
  }

  private ReconcileContext<Widget> context(Widget widget, ResourceCache<ConfigMap> cache,
      ReconcileContext.OwnWrites writes) {
    return new ReconcileContext<>("widgets", ResourceKey.of(widget), "test", 1, client, new dev.maestro.core.Stash(),
        dev.maestro.core.condition.ConditionUpdater.of(List.of(), false), type -> cache,
        LoggerFactory.getLogger("test"), null, null, writes);
  }

  @Test
  void childInSyncCostsNoRequest() {
    start(new PaintConfigMap());
    create("calm", "teal");
    awaitReady("calm");
    awaitIdle();

    int mark = server.requests().mark();
    long before = controller.reconcileCount();
    controller.enqueue(new ResourceKey(namespace, "calm"));
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > before);
    awaitIdle();

    assertThat(server.requests().since(mark)).filteredOn(r -> !r.path().contains("watch=true")).isEmpty();
  }

  @Test
  void changedDesiredStateUpdatesTheChild() {
    start(new PaintConfigMap());
    create("shade", "red");
    awaitReady("shade");

    Widget widget = get("shade");
    widget.getSpec().setColor("black");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(configMap("shade-paint")).hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("color",
            "black")));
    awaitReady("shade");
  }

  @Test
  void emptyDesiredStateDeletesTheChild() {
    start(new PaintConfigMap());
    create("fade", "white");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("fade-paint").isPresent());

    Widget widget = get("fade");
    widget.getSpec().setColor("none");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("fade-paint").isEmpty());
    awaitReady("fade");
    assertThat(get("fade").getStatus().getPaint()).isNull();
  }

  @Test
  void childDeletedFromOutsideIsRecreated() {
    start(new PaintConfigMap());
    create("phoenix", "orange");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("phoenix-paint").isPresent());
    String firstUid = configMap("phoenix-paint").orElseThrow().getMetadata().getUid();

    client.configMaps().inNamespace(namespace).withName("phoenix-paint").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("phoenix-paint")
        .filter(c -> !c.getMetadata().getUid().equals(firstUid)).isPresent());
    assertThat(configMap("phoenix-paint").orElseThrow().getData()).containsEntry("color", "orange");
  }

  @Test
  void childEditedFromOutsideIsRestored() {
    start(new PaintConfigMap());
    create("steady", "green");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("steady-paint").isPresent());

    ConfigMap edited = configMap("steady-paint").orElseThrow();
    edited.getData().put("color", "purple");
    client.resource(edited).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configMap("steady-paint"))
        .hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("color", "green")));
  }

  @Test
  void fieldsAddedByOthersDoNotCauseAnUpdateLoop() {
    start(new PaintConfigMap());
    create("defaulted", "gold");
    awaitReady("defaulted");
    awaitIdle();

    // what a mutating webhook or the API server's defaulting would do: add a label, an annotation, a data key
    ConfigMap defaulted = configMap("defaulted-paint").orElseThrow();
    defaulted.getMetadata().getLabels().put("injected", "true");
    defaulted.getMetadata().setAnnotations(Map.of("webhook/seen", "yes"));
    defaulted.getData().put("shine", "glossy");
    int mark = server.requests().mark();
    // read before the update: the reconcile it causes may finish before this thread runs again
    long before = controller.reconcileCount();
    client.resource(defaulted).update();
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() > before);
    awaitIdle();

    assertThat(configMapWrites(mark)).hasSize(1); // the test's own update, nothing from the controller
    assertThat(configMap("defaulted-paint").orElseThrow().getData()).containsEntry("shine", "glossy");
  }

  @Test
  void existingObjectItDoesNotOwnIsLeftUntouchedAndReported() {
    ConfigMap squatter = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("taken-paint").endMetadata().addToData("color", "theirs").build()).create();
    start(new PaintConfigMap());
    create("taken", "mine");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Widget.ready(get("taken")))
        .hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("NotOwned");
          assertThat(c.getMessage()).contains(namespace + "/taken-paint", "not controlled by " + namespace + "/taken");
        }));
    ConfigMap after = configMap("taken-paint").orElseThrow();
    assertThat(after.getData()).containsExactlyEntriesOf(Map.of("color", "theirs"));
    assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(squatter.getMetadata().getResourceVersion());
  }

  @Test
  void conflictOnUpdateIsRetriedFromTheFreshCacheWithoutReportingAnError() {
    start(new PaintConfigMap());
    create("racy", "cyan");
    awaitReady("racy");
    awaitIdle();
    server.expect().put().withPath("/api/v1/namespaces/" + namespace + "/configmaps/racy-paint")
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").withMessage("the object has been "
            + "modified").build())
        .once();
    int mark = server.requests().mark();

    Widget widget = get("racy");
    widget.getSpec().setColor("magenta");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(configMap("racy-paint"))
        .hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("color", "magenta")));
    awaitReady("racy");
    assertThat(configMapWrites(mark)).extracting(RequestLog.Request::method).containsExactly("PUT", "PUT");
    // the conflict never reached the status
    assertThat(server.requests().writesSince(mark)).filteredOn(r -> r.path().endsWith("/status")).hasSize(1);
  }

  @Test
  void generateNameCreatesOneChildAndKeepsIt() {
    start(new ChildStep<Widget, ConfigMap>(ConfigMap.class) {
      @Override
      protected Optional<ConfigMap> desired(Widget widget, ReconcileContext<Widget> context) {
        return Optional.of(new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata()
            .addToData("color", widget.getSpec().getColor()).build());
      }
    });
    create("gen", "one");
    awaitReady("gen");
    awaitIdle();
    controller.enqueue(new ResourceKey(namespace, "gen"));
    awaitIdle();

    Widget widget = get("gen");
    widget.getSpec().setColor("two");
    client.resource(widget).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        client.configMaps().inNamespace(namespace).list().getItems())
        .singleElement().satisfies(c -> {
          assertThat(c.getMetadata().getName()).startsWith("gen-");
          assertThat(c.getData()).containsEntry("color", "two");
        }));
  }

  @Test
  void secretDataNeverReachesTheLog() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.maestro.controller.widgets");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.TRACE);
    logger.addAppender(appender);
    try {
      start(new ChildStep<Widget, Secret>(Secret.class) {
        @Override
        protected Optional<Secret> desired(Widget widget, ReconcileContext<Widget> context) {
          return Optional.of(new SecretBuilder().withNewMetadata().withName(widget.getMetadata().getName() + "-key")
              .endMetadata().addToStringData("password", "hunter2-" + widget.getSpec().getColor()).build());
        }
      });
      create("vault", "s3cr3t");
      awaitReady("vault");
      Widget widget = get("vault");
      widget.getSpec().setColor("n3w");
      client.resource(widget).update();
      await().atMost(Duration.ofSeconds(20)).until(() -> appender.list.stream()
          .anyMatch(e -> e.getFormattedMessage().startsWith("Updated Secret")));
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }

    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("Created Secret"))
        .anyMatch(m -> m.startsWith("Created {")) // the object itself, at TRACE
        .noneMatch(m -> m.contains("hunter2") || m.contains("aHVudGVyMi")); // plain or base64
  }

  @Test
  void serverSideApplyModeAppliesWithTheControllerAsFieldManager() {
    start(new PaintConfigMap(ApplyMode.SERVER_SIDE_APPLY));
    int mark = server.requests().mark();
    create("applied", "silver");

    // the embedded server answers 415 to server-side apply (FACTS.md); what matters here is what was sent
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.requests().writesSince(mark))
        .filteredOn(r -> r.path().contains("/configmaps/applied-paint"))
        .first()
        .satisfies(r -> {
          assertThat(r.method()).isEqualTo("PATCH");
          assertThat(r.path()).contains("fieldManager=widgets", "force=true");
        }));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Widget.ready(get("applied")))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False")));
  }

  /** One ConfigMap per entry of a comma-separated spec.color. */
  static class Swatches extends ChildSetStep<Widget, ConfigMap> {

    Swatches() {
      super(ConfigMap.class);
    }

    @Override
    protected List<ConfigMap> desiredChildren(Widget widget, ReconcileContext<Widget> context) {
      List<ConfigMap> children = new ArrayList<>();
      for (String entry : widget.getSpec().getColor().split(",")) {
        String[] parts = entry.split("=");
        children.add(new ConfigMapBuilder().withNewMetadata().withName("swatch-" + parts[0]).endMetadata()
            .addToData("shade", parts[1]).build());
      }
      return children;
    }
  }

  @Test
  void childSetCreatesMissingUpdatesChangedAndDeletesExtraChildren() {
    start(new Swatches());
    create("palette", "a=light,b=dark");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("swatch-a").isPresent()
        && configMap("swatch-b").isPresent());
    awaitReady("palette");

    Widget widget = get("palette");
    widget.getSpec().setColor("b=darker,c=mid");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(configMap("swatch-a")).isEmpty();
      assertThat(configMap("swatch-b")).hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("shade",
          "darker"));
      assertThat(configMap("swatch-c")).hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("shade",
          "mid"));
    });
    awaitReady("palette");
  }

  @Test
  void childSetWithDeleteOnCleanupDeletesItsChildrenBeforeTheParentGoes() {
    // the embedded server collects no garbage: only the cleanup can delete the children
    start(new Swatches() {
      @Override
      protected boolean deleteOnCleanup() {
        return true;
      }
    });
    create("tidy", "x=pale,y=deep");
    await().atMost(Duration.ofSeconds(20)).until(() -> configMap("swatch-x").isPresent()
        && configMap("swatch-y").isPresent());
    awaitReady("tidy");
    assertThat(get("tidy").getMetadata().getFinalizers()).as("a cleanup puts the controller's finalizer").isNotEmpty();

    client.resources(Widget.class).inNamespace(namespace).withName("tidy").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> get("tidy") == null);
    assertThat(configMap("swatch-x")).isEmpty();
    assertThat(configMap("swatch-y")).isEmpty();
  }

  @Test
  void aChildWhoseControllerReferenceIsTakenOffIsNoLongerClaimedAndTheParentSaysSo() {
    start(new PaintConfigMap());
    create("orphaned", "blue");
    awaitReady("orphaned");

    // someone takes the ConfigMap over: the parent must hear of it, though the child no longer names it
    client.configMaps().inNamespace(namespace).withName("orphaned-paint").edit(cm -> {
      cm.getMetadata().setOwnerReferences(List.of());
      return cm;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Widget.ready(get("orphaned")))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(
            dev.maestro.core.child.AbstractChildStep.REASON_NOT_OWNED)));
  }

  @Test
  void twoChildStepsOfOneTypeThatEachClaimEveryChildAreRefusedAtBuildTime() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Maestro.forParent(Widget.class).withClient(client)
            .inNamespaces(namespace).register(new PaintConfigMap()).register(new Swatches()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConfigMap").hasMessageContaining("ourChild");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Maestro.forParent(Widget.class).withClient(client)
            .inNamespaces(namespace).register(new PaintConfigMap())
            .register(dev.maestro.core.Steps.withTimeout(new Swatches(), Duration.ofSeconds(5))).build())
        .as("inside a wrapper too").isInstanceOf(IllegalArgumentException.class);

    // each telling its own apart: accepted
    controller = Maestro.forParent(Widget.class).withClient(client).inNamespaces(namespace)
        .register(new PaintConfigMap() {
          @Override
          protected boolean ourChild(Widget widget, ConfigMap child) {
            return child.getMetadata().getName().endsWith("-paint");
          }
        })
        .register(new Swatches() {
          @Override
          protected boolean ourChild(Widget widget, ConfigMap child) {
            return child.getMetadata().getName().startsWith("swatch-");
          }
        })
        .build();
  }
}
