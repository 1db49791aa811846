package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.child.ChildSetStep;
import dev.maestro.core.child.ChildStep;
import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.core.status.ReconcileOutcome;
import dev.maestro.core.status.StatusCustomizer;
import dev.maestro.core.status.StatusPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Failures in user code that is not an ordinary step exception: a {@link Error} thrown by a step, exceptions
 * thrown by the hooks that run on informer threads (parent filter, key mapper), by a status customizer, by a
 * reconcile observer, and by a child step's {@code desired}. None of them may stop the controller, lose a change,
 * or be reported without the key of the resource.
 */
class FailureIsolationIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 100,
      100);

  private static int counter;

  private KubernetesClient client;
  private Controller<Widget> controller;
  private String namespace;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger controllerLog = (Logger) LoggerFactory.getLogger("dev.maestro.controller.isolation");

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "isolation" + (++counter);
    logged.start();
    controllerLog.addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    controllerLog.detachAppender(logged);
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  private Controller<Widget> start(UnaryOperator<ControllerBuilder<Widget>> configure) {
    controller = configure.apply(Maestro.forParent(Widget.class).named("isolation").withClient(client)
        .inNamespaces(namespace).withConcurrency(1).withRetry(FAST_RETRY)).build();
    controller.start();
    return controller;
  }

  /** Paints the widget: status.paint = spec.color. */
  private static SyncStep<Widget> paint() {
    return SyncStep.action("paint", (context, widget) -> widget.getStatus().setPaint(widget.getSpec().getColor()));
  }

  private Widget create(String name, String color) {
    return client.resource(Widget.of(namespace, name, color)).create();
  }

  private Widget get(String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  private void awaitPaint(String name, String color) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget widget = get(name);
      assertThat(widget.getStatus()).isNotNull();
      assertThat(widget.getStatus().getPaint()).isEqualTo(color);
      assertThat(Widget.ready(widget)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });
  }

  private boolean loggedWith(String text) {
    List<ILoggingEvent> events;
    synchronized (logged) { // workers append meanwhile: AppenderBase appends under the appender's lock
      events = List.copyOf(logged.list);
    }
    return events.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
  }

  private boolean warnedWith(String text) {
    List<ILoggingEvent> events;
    synchronized (logged) {
      events = List.copyOf(logged.list);
    }
    return events.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text));
  }

  private void awaitWarningEvent(String name, String reason) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
            .anySatisfy(event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo(reason);
              assertThat(event.getInvolvedObject().getName()).isEqualTo(name);
            }));
  }

  @Test
  void conflictsThatNeverEndAreReportedAsFailingInsteadOfRetriedQuietlyForever() {
    // a 409 is a cache catching up, retried at once and quietly; ten in a row is something else (another writer
    // that keeps winning, a name taken by what the cache cannot show)
    InjectedFault conflicts = server.inject(Fault.onPatch(Widget.class).ofStatusSubresource().inNamespace(namespace)
        .failWith(409).always());
    start(b -> b.register(paint()));
    create("contested", "ochre");
    ResourceKey key = new ResourceKey(namespace, "contested");

    await().atMost(Duration.ofSeconds(20)).until(() -> controller.failingKeys().containsKey(key));
    assertThat(conflicts.timesFired()).isGreaterThanOrEqualTo(10);
    assertThat(warnedWith("Reconcile of " + key + " hit a conflict")).isTrue();

    conflicts.remove();
    awaitPaint("contested", "ochre");
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.failingKeys().isEmpty());
  }

  @Test
  void theStackOfAnExceptionNoStepMeantIsLoggedOnceWhenTheKeyStartsFailing() {
    start(b -> b.register(SyncStep.action("buggy", (context, widget) -> {
      Map<String, String> none = null;
      none.get("x"); // a bug: NullPointerException
    })));
    create("buggy", "grey");
    ResourceKey key = new ResourceKey(namespace, "buggy");

    await().atMost(Duration.ofSeconds(20)).until(() -> controller.queue().retries(key) >= 3);
    List<ILoggingEvent> warnings;
    synchronized (logged) {
      warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().startsWith("Reconcile of " + key + " failed")).toList();
    }
    assertThat(warnings).hasSizeGreaterThanOrEqualTo(3);
    assertThat(warnings.get(0).getThrowableProxy()).as("the first carries the stack").isNotNull();
    assertThat(warnings.subList(1, warnings.size())).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void errorThrownByAStepIsReportedAndRetriedAndTheWorkerKeepsWorking() {
    AtomicInteger attempts = new AtomicInteger();
    start(b -> b.register(SyncStep.action("paint", (context, widget) -> {
      if (widget.getMetadata().getName().equals("cursed")) {
        attempts.incrementAndGet();
        throw new AssertionError("the widget lost its frame");
      }
      widget.getStatus().setPaint(widget.getSpec().getColor());
    })));
    create("cursed", "black");

    // a single worker: every retry, and any other widget, needs it to survive the Error
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 3);
    create("fine", "green");
    awaitPaint("fine", "green");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.ready(get("cursed"))).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("ReconcileError");
          assertThat(c.getMessage()).isEqualTo("the widget lost its frame");
        }));
    assertThat(controller.failingKeys()).containsKey(new ResourceKey(namespace, "cursed"));
    assertThat(loggedWith(namespace + "/cursed")).isTrue();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
            .anySatisfy(event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo("ReconcileError");
              assertThat(event.getInvolvedObject().getName()).isEqualTo("cursed");
            }));
  }

  @Test
  void errorThrownOutsideTheStepsIsRetriedAndTheWorkerKeepsWorking() {
    AtomicInteger attempts = new AtomicInteger();
    start(b -> b.register(paint()).withStatusCustomizer(new StatusCustomizer<>() {
      @Override
      public String phase(Widget widget, ReconcileOutcome outcome) {
        if (widget.getMetadata().getName().equals("cursed")) {
          attempts.incrementAndGet();
          throw new AssertionError("no phase fits");
        }
        return null;
      }
    }));
    create("cursed", "black");

    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 3);
    create("fine", "green");
    awaitPaint("fine", "green");
    assertThat(loggedWith(namespace + "/cursed")).isTrue();
  }

  @Test
  void parentFilterThatThrowsLosesNoChangeAndIsLoggedWithTheKey() {
    start(b -> b.register(paint()).withParentFilter((before, after) -> {
      if ("explosive".equals(after.getSpec().getColor())) {
        throw new IllegalStateException("the filter cannot judge this color");
      }
      return true;
    }));
    create("touchy", "blue");
    awaitPaint("touchy", "blue");

    Widget widget = get("touchy");
    widget.getSpec().setColor("explosive");
    client.resource(widget).update();

    awaitPaint("touchy", "explosive");
    assertThat(loggedWith(namespace + "/touchy")).isTrue();
  }

  @Test
  void keyMapperThatThrowsIsLoggedWithTheKeyOfTheWatchedObjectAndOtherEventsStillFlow() {
    start(b -> b.register(paint()).watches(ConfigMap.class, cm -> {
      Map<String, String> labels = cm.getMetadata().getLabels();
      if (labels == null || !labels.containsKey("widget")) {
        throw new IllegalArgumentException("no widget label");
      }
      return List.of(new ResourceKey(cm.getMetadata().getNamespace(), labels.get("widget")));
    }));
    create("mapped", "red");
    awaitPaint("mapped", "red");

    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("unlabelled").endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> loggedWith(namespace + "/unlabelled"));

    long before = controller.reconcileCount();
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("labelled").addToLabels("widget", "mapped").endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> controller.reconcileCount() > before);
  }

  @Test
  void phaseThatThrowsSetsReadyFalseRecordsAWarningAndIsRetried() {
    AtomicInteger attempts = new AtomicInteger();
    start(b -> b.register(paint()).withStatus(StatusPolicy.DEFAULT.withPhaseField("phase"))
        .withStatusCustomizer(new StatusCustomizer<>() {
      @Override
      public String phase(Widget widget, ReconcileOutcome outcome) {
        if (widget.getMetadata().getName().equals("cursed")) {
          attempts.incrementAndGet();
          throw new ReconcileException("NoPhase", "no phase fits a " + widget.getSpec().getColor() + " widget");
        }
        return outcome.failed() ? "Failed" : "Painted";
      }
    }));
    create("cursed", "black");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget widget = get("cursed");
      assertThat(Widget.ready(widget)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("NoPhase");
        assertThat(c.getMessage()).isEqualTo("no phase fits a black widget");
      });
      assertThat(widget.getStatus().getPaint()).isEqualTo("black"); // what the steps did is not lost
    });
    awaitWarningEvent("cursed", "NoPhase");
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 3);
    assertThat(controller.failingKeys()).containsKey(new ResourceKey(namespace, "cursed"));
    assertThat(loggedWith(namespace + "/cursed")).isTrue();

    create("fine", "green");
    awaitPaint("fine", "green");
    assertThat(get("fine").getStatus().getPhase()).isEqualTo("Painted");
  }

  @Test
  void observerThatThrowsIsLoggedWithTheKeyAndChangesNothingAboutReconciling() {
    AtomicInteger attempts = new AtomicInteger();
    ReconcileObserver.Observation throwing = new ReconcileObserver.Observation() {
      @Override
      public ReconcileObserver.Observation step(String name) {
        throw new IllegalStateException("the observer cannot see step " + name);
      }

      @Override
      public void finished(ReconcileObserver.Outcome outcome, @Nullable Throwable error) {
        throw new IllegalStateException("the observer cannot see the end");
      }
    };
    ReconcileObserver observer = new ReconcileObserver() {
      @Override
      public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
        if (key.name().equals("blind")) {
          throw new IllegalStateException("the observer cannot see " + key);
        }
        return throwing;
      }

      @Override
      public void keyQueued(String controller) {
        throw new IllegalStateException("the observer cannot count");
      }

      @Override
      public void retryScheduled(String controller, ResourceKey key, Duration delay) {
        throw new IllegalStateException("the observer cannot see the retry of " + key);
      }
    };
    start(b -> b.register(SyncStep.action("paint", (context, widget) -> {
      if (widget.getMetadata().getName().equals("cursed")) {
        attempts.incrementAndGet();
        throw new ReconcileException("Cursed", "the widget refuses paint");
      }
      widget.getStatus().setPaint(widget.getSpec().getColor());
    })).withObserver(observer));

    // a single worker: a throwing observer must neither end it nor fail or skip a reconcile
    create("blind", "blue");
    awaitPaint("blind", "blue");
    create("fine", "green");
    awaitPaint("fine", "green");
    create("cursed", "black");
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 3);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.ready(get("cursed"))).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Cursed")));
    create("after", "red");
    awaitPaint("after", "red");

    assertThat(controller.failingKeys()).containsOnlyKeys(new ResourceKey(namespace, "cursed"));
    assertThat(controller.queue().retries(new ResourceKey(namespace, "fine"))).isZero();
    assertThat(controller.queue().retries(new ResourceKey(namespace, "blind"))).isZero();
    assertThat(warnedWith(namespace + "/blind")).isTrue();
    assertThat(warnedWith(namespace + "/fine")).isTrue();
    assertThat(warnedWith(namespace + "/cursed")).isTrue();
  }

  /** A ConfigMap per widget holding its color, mirrored into the ChildReady condition; no child for "explosive". */
  static final class ColorConfigMap extends ChildStep<Widget, ConfigMap> {

    ColorConfigMap() {
      super(ConfigMap.class);
    }

    @Override
    protected Optional<ConfigMap> desired(Widget widget, ReconcileContext<Widget> context) {
      if ("explosive".equals(widget.getSpec().getColor())) {
        throw new ReconcileException("UnpaintableColor", "no ConfigMap can hold an explosive color");
      }
      return Optional.of(new ConfigMapBuilder().withNewMetadata().withName(widget.getMetadata().getName() + "-color")
          .endMetadata().withData(Map.of("color", widget.getSpec().getColor())).build());
    }

    @Override
    protected void reflectStatus(Widget widget, Optional<ConfigMap> child, @Nullable RuntimeException error,
        ReconcileContext<Widget> context) {
      if (error != null) {
        context.setCondition("ChildReady", ConditionStatus.FALSE, ReconcileException.reasonOf(error),
            ReconcileException.messageOf(error));
      } else {
        context.setCondition("ChildReady", ConditionStatus.TRUE, "InSync",
            "holds " + child.map(c -> c.getData().get("color")).orElse("nothing"));
      }
    }
  }

  @Test
  void childStepWhoseDesiredThrowsReflectsTheErrorInsteadOfKeepingTheOldChildStatus() {
    start(b -> b.register(new ColorConfigMap()));
    create("boxed", "blue");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.condition(get("boxed"), "ChildReady")).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("True");
          assertThat(c.getMessage()).isEqualTo("holds blue");
        }));

    Widget widget = get("boxed");
    widget.getSpec().setColor("explosive");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget now = get("boxed");
      assertThat(Widget.ready(now)).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("UnpaintableColor"));
      assertThat(Widget.condition(now, "ChildReady")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("UnpaintableColor");
        assertThat(c.getMessage()).isEqualTo("no ConfigMap can hold an explosive color");
      });
    });
  }

  @Test
  void childSetStepWhoseDesiredChildrenThrowsReflectsTheError() {
    start(b -> b.register(new ChildSetStep<Widget, ConfigMap>(ConfigMap.class) {
      @Override
      protected List<ConfigMap> desiredChildren(Widget widget, ReconcileContext<Widget> context) {
        return new ColorConfigMap().desired(widget, context).stream().toList();
      }

      @Override
      protected void reflectStatus(Widget widget, List<ConfigMap> children, @Nullable RuntimeException error,
          ReconcileContext<Widget> context) {
        new ColorConfigMap().reflectStatus(widget, children.stream().findFirst(), error, context);
      }
    }));
    create("crate", "blue");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.condition(get("crate"), "ChildReady")).hasValueSatisfying(c ->
            assertThat(c.getStatus()).isEqualTo("True")));

    Widget widget = get("crate");
    widget.getSpec().setColor("explosive");
    client.resource(widget).update();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(Widget.condition(get("crate"), "ChildReady")).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("UnpaintableColor");
        }));
  }
}
