package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Label selectors on the embedded API server: a controller that reconciles only labelled parents, and one that
 * labels its children and caches only those. Relies on the server filtering lists and watches by label selector.
 */
class LabelSelectorIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 100,
      100);
  private static final Map<String, String> MANAGED = Map.of("app.kubernetes.io/managed-by", "widgets");

  private static int counter;

  private KubernetesClient client;
  private KubernetesClient admin;
  private Informers informers;
  private String namespace;
  private Controller<Widget> controller;

  @BeforeEach
  void setUp() {
    client = server.client();
    admin = server.unrecordedClient();
    informers = new Informers(client);
    namespace = "labels" + (++counter);
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  private Controller<Widget> start(UnaryOperator<ControllerBuilder<Widget>> configure) {
    controller = configure.apply(Maestro.forParent(Widget.class).withClient(client).withInformers(informers)
        .inNamespaces(namespace).withRetry(FAST_RETRY)).build();
    controller.start();
    return controller;
  }

  private void createWidget(String name, Map<String, String> labels) {
    Widget widget = Widget.of(namespace, name, "blue");
    widget.getMetadata().setLabels(labels);
    admin.resource(widget).create();
  }

  private ConfigMap configMap(String name) {
    return admin.configMaps().inNamespace(namespace).withName(name).get();
  }

  private static void awaitIdle(Controller<?> controller) {
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  @Test
  void onlyParentsWithTheSelectedLabelsAreCachedAndReconciled() {
    Set<String> reconciled = ConcurrentHashMap.newKeySet();
    createWidget("ours", Map.of("team", "a"));
    createWidget("theirs", Map.of("team", "b"));
    createWidget("nobodys", Map.of());
    start(b -> b.withLabelSelector(Map.of("team", "a"))
        .register(SyncStep.<Widget>action("note", (context, widget) -> reconciled.add(widget.getMetadata().getName()))));

    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("ours"));
    awaitIdle(controller);
    assertThat(reconciled).containsExactly("ours");
    assertThat(controller.parents().get(new ResourceKey(namespace, "theirs"))).isEmpty();

    // a parent that gains the label is reconciled
    admin.resources(Widget.class).inNamespace(namespace).withName("theirs").edit(widget -> {
      widget.getMetadata().getLabels().put("team", "a");
      return widget;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("theirs"));
    assertThat(reconciled).doesNotContain("nobodys");
  }

  @Test
  void childrenCarryTheChildLabelsAndOnlyTheyAreCachedWithoutEverUpdatingThem() {
    IntStream.range(0, 5).forEach(i -> admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("unrelated-" + i).endMetadata().addToData("x", "y").build()).create());
    createWidget("w1", Map.of());
    createWidget("w2", Map.of());
    start(b -> b.withChildLabels(MANAGED).register(new ChildStepIntegrationTest.PaintConfigMap()));

    await().atMost(Duration.ofSeconds(10)).until(() -> configMap("w1-paint") != null && configMap("w2-paint") != null);
    awaitIdle(controller);
    ConfigMap child = configMap("w1-paint");
    assertThat(child.getMetadata().getLabels()).as("the step's own label and the child labels")
        .containsEntry("app", "widget").containsAllEntriesOf(MANAGED);
    assertThat(informers.cache(ConfigMap.class).list(namespace)).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("w1-paint", "w2-paint");
    assertThat(informers.cache(ConfigMap.class).labels()).isEqualTo(MANAGED);

    // converged: reconciling again writes nothing (the labels the controller adds are part of what it compares)
    int mark = server.requests().mark();
    controller.enqueue(new ResourceKey(namespace, "w1"));
    controller.enqueue(new ResourceKey(namespace, "w2"));
    awaitIdle(controller);
    assertThat(server.requests().writesSince(mark)).isEmpty();

    // a change of a child still reaches the parent, which puts it back
    admin.configMaps().inNamespace(namespace).withName("w2-paint").edit(c -> {
      c.getData().put("color", "green");
      return c;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> "blue".equals(configMap("w2-paint").getData().get("color")));
  }

  @Test
  void childOfTheParentFromBeforeTheLabelsIsLabelledAndKeptWhenTheCreateFindsIt() {
    // made by an earlier version of the operator, before it labelled its children: invisible to the cache
    createWidget("w1", Map.of());
    Widget w1 = admin.resources(Widget.class).inNamespace(namespace).withName("w1").get();
    ConfigMap old = admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("w1-paint").addNewOwnerReference().withApiVersion("test.maestro.dev/v1")
        .withKind("Widget").withName("w1").withUid(w1.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata().addToData("color", "red").build()).create();
    int mark = server.requests().mark();
    // a merge that keeps the object's metadata and sets only what the step knows of (its data and its own label),
    // as many steps write it: the child labels must still be put on the object
    start(b -> b.withChildLabels(MANAGED).register(new ChildStepIntegrationTest.PaintConfigMap() {
      @Override
      protected ConfigMap mergeBeforeUpdate(ConfigMap actual, ConfigMap desired,
          dev.maestro.core.ReconcileContext<Widget> context) {
        actual.setData(desired.getData());
        Map<String, String> labels = new java.util.HashMap<>(
            actual.getMetadata().getLabels() == null ? Map.of() : actual.getMetadata().getLabels());
        labels.put("app", "widget");
        actual.getMetadata().setLabels(labels);
        return actual;
      }
    }));

    await().atMost(Duration.ofSeconds(10)).until(() -> Widget.ready(
        admin.resources(Widget.class).inNamespace(namespace).withName("w1").get())
        .filter(c -> c.getStatus().equals("True")).isPresent());
    ConfigMap kept = configMap("w1-paint");
    assertThat(kept.getMetadata().getUid()).as("the same object, not a new one").isEqualTo(old.getMetadata().getUid());
    assertThat(kept.getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
    assertThat(kept.getData()).containsEntry("color", "blue");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        informers.cache(ConfigMap.class).get(new ResourceKey(namespace, "w1-paint")).isPresent());
    assertThat(server.requests().since(mark)).as("one GET after the create found it, then one update")
        .filteredOn(request -> request.path().endsWith("/configmaps/w1-paint"))
        .extracting(request -> request.method()).containsExactly("GET", "PUT");

    // converged: nothing more is written
    awaitIdle(controller);
    int converged = server.requests().mark();
    controller.enqueue(new ResourceKey(namespace, "w1"));
    awaitIdle(controller);
    assertThat(server.requests().writesSince(converged)).isEmpty();
  }

  @Test
  void createConflictWithNothingToFindIsRetriedQuietly() {
    // a 409 on create, and then nothing of the name on the server (deleted meanwhile): not NotOwned, just retried
    server.inject(Fault.onCreate(ConfigMap.class).named("w1-paint").inNamespace(namespace).failWith(409).once());
    createWidget("w1", Map.of());
    int mark = server.requests().mark();
    start(b -> b.withChildLabels(MANAGED).register(new ChildStepIntegrationTest.PaintConfigMap()));

    await().atMost(Duration.ofSeconds(10)).until(() -> configMap("w1-paint") != null && Widget.ready(
        admin.resources(Widget.class).inNamespace(namespace).withName("w1").get())
        .filter(c -> c.getStatus().equals("True")).isPresent());
    assertThat(configMap("w1-paint").getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
    assertThat(server.requests().since(mark)).as("the failed create, one GET that found nothing, the create again")
        .filteredOn(request -> request.path().contains("/configmaps"))
        .extracting(request -> request.method() + " " + request.status())
        .containsSubsequence("POST 409", "GET 404", "POST 201");
  }

  @Test
  void createConflictWithOurLabelledChildOnTheServerIsRetriedAsACacheBehind() {
    // The cache cannot be made to lag on the embedded server (its informers see every write at once), so the
    // server's two answers are scripted: the create is refused as if the child existed, and the GET that follows
    // shows this Widget's child, labelled and controlled by it. That is a cache behind the server, not a squatter:
    // neither NotOwned nor an update; the 409 is retried as any conflict, and the retry creates the child.
    createWidget("w1", Map.of());
    Widget parent = admin.resources(Widget.class).inNamespace(namespace).withName("w1").get();
    ConfigMap ours = new ConfigMapBuilder()
        .withNewMetadata().withName("w1-paint").withNamespace(namespace).withResourceVersion("1")
        .withLabels(Map.of("app", "widget", "app.kubernetes.io/managed-by", "widgets"))
        .addNewOwnerReference().withApiVersion("test.maestro.dev/v1").withKind("Widget").withName("w1")
        .withUid(parent.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata().addToData("color", "blue").build();
    String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
    server.expect().post().withPath(configMaps).andReturn(409, new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withCode(409).withReason("AlreadyExists").withMessage("configmaps \"w1-paint\" already exists").build())
        .once();
    server.expect().get().withPath(configMaps + "/w1-paint").andReturn(200, ours).once();
    int mark = server.requests().mark();
    start(b -> b.withChildLabels(MANAGED).register(new ChildStepIntegrationTest.PaintConfigMap()));

    await().atMost(Duration.ofSeconds(10)).until(() -> configMap("w1-paint") != null && Widget.ready(
        admin.resources(Widget.class).inNamespace(namespace).withName("w1").get())
        .filter(c -> c.getStatus().equals("True")).isPresent());
    assertThat(server.requests().since(mark)).as("the refused create, the GET finding our child, the create again")
        .filteredOn(request -> request.path().endsWith("/configmaps") || request.path().endsWith("/w1-paint"))
        .extracting(request -> request.method() + " " + request.status())
        .containsExactly("POST 409", "GET 200", "POST 201");
    assertThat(server.requests().since(mark)).as("never NotOwned")
        .noneMatch(request -> request.body() != null && request.body().contains(
            dev.maestro.core.child.AbstractChildStep.REASON_NOT_OWNED));
    assertThat(configMap("w1-paint").getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
  }

  @Test
  void unlabelledObjectOfAnotherOwnerIsRefusedWhenTheCreateFindsIt() {
    admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("w1-paint").endMetadata().addToData("owner", "someone else").build()).create();
    createWidget("w1", Map.of());
    int mark = server.requests().mark();
    start(b -> b.withChildLabels(MANAGED).register(new ChildStepIntegrationTest.PaintConfigMap()));

    await().atMost(Duration.ofSeconds(10)).until(() -> Widget.ready(
        admin.resources(Widget.class).inNamespace(namespace).withName("w1").get())
        .filter(c -> c.getReason().equals(dev.maestro.core.child.AbstractChildStep.REASON_NOT_OWNED)).isPresent());
    assertThat(configMap("w1-paint").getData()).containsOnly(Map.entry("owner", "someone else"));
    assertThat(configMap("w1-paint").getMetadata().getOwnerReferences()).isEmpty();
    assertThat(configMap("w1-paint").getMetadata().getLabels()).isNullOrEmpty();
    assertThat(server.requests().since(mark)).as("the create, and no change of the object")
        .filteredOn(request -> request.path().contains("/configmaps"))
        .noneMatch(request -> request.method().equals("PUT") || request.method().equals("PATCH"));
  }

  @Test
  void serverSideApplyWithChildLabelsRefusesAnUnlabelledObjectItWouldOtherwiseTakeOver() {
    // the cache cannot show an unlabelled ConfigMap; a forced apply would take it over, so the step asks first
    admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("w1-paint").endMetadata().addToData("owner", "someone else").build()).create();
    createWidget("w1", Map.of());
    int mark = server.requests().mark();
    start(b -> b.withChildLabels(MANAGED)
        .register(new ChildStepIntegrationTest.PaintConfigMap(dev.maestro.core.child.ApplyMode.SERVER_SIDE_APPLY)));

    await().atMost(Duration.ofSeconds(10)).until(() -> Widget.ready(
        admin.resources(Widget.class).inNamespace(namespace).withName("w1").get())
        .filter(c -> c.getReason().equals(dev.maestro.core.child.AbstractChildStep.REASON_NOT_OWNED)).isPresent());
    assertThat(configMap("w1-paint").getData()).containsEntry("owner", "someone else");
    assertThat(configMap("w1-paint").getMetadata().getOwnerReferences()).isEmpty();
    assertThat(server.requests().since(mark)).as("no apply of the ConfigMap was sent")
        .noneMatch(request -> request.method().equals("PATCH") && request.path().contains("/configmaps/"));
  }

  @Test
  void childLabelsMustSelectOwnedKindsAndOnlyThoseAndBeValidLabels() {
    ControllerBuilder<Widget> base = Maestro.forParent(Widget.class).withClient(client).inNamespaces(namespace);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Maestro.forParent(Widget.class).withClient(client)
        .withChildLabels(MANAGED).register(SyncStep.<Widget>action("x", (c, w) -> { })).build())
        .hasMessageContaining("owns no child type");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Maestro.forParent(Widget.class).withClient(client)
        .withChildLabels(MANAGED).caches(ConfigMap.class)
        .register(new ChildStepIntegrationTest.PaintConfigMap()).build())
        .hasMessageContaining("also read or watched for other objects");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.withLabelSelector(Map.of("team", "a,b")))
        .hasMessageContaining("not a valid label value");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.withChildLabels(Map.of("bad key", "x")))
        .hasMessageContaining("not a valid label key");
  }

  @Test
  void sharedCacheOfAKindSelectedDifferentlyByTwoControllersReportsTheLabelsTheyShare() {
    Controller<Widget> first = Maestro.forParent(Widget.class).named("first").withClient(client)
        .withInformers(informers).inNamespaces(namespace)
        .withChildLabels(Map.of("tier", "paint", "owner", "first"))
        .register(new ChildStepIntegrationTest.PaintConfigMap()).build();
    Controller<Widget> second = Maestro.forParent(Widget.class).named("second").withClient(client)
        .withInformers(informers).inNamespaces(namespace)
        .withChildLabels(Map.of("tier", "paint", "owner", "second"))
        .register(new ChildStepIntegrationTest.PaintConfigMap()).build();
    try {
      assertThat(informers.groups(ConfigMap.class)).as("one informer group per selector").isEqualTo(2);
      assertThat(informers.cache(ConfigMap.class).labels()).isEqualTo(Map.of("tier", "paint"));
    } finally {
      first.stop(Duration.ZERO);
      second.stop(Duration.ZERO);
    }
  }
}
