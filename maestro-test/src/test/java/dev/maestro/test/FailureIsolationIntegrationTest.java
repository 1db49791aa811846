package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.maestro.core.Maestro;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.SyncStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.core.status.ReconcileOutcome;
import dev.maestro.core.status.StatusCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Failures in user code that is not an ordinary step exception: a {@link Error} thrown by a step, and exceptions
 * thrown by the hooks that run on informer threads (parent filter, key mapper). None of them may stop the
 * controller, lose a change, or be reported without the key of the resource.
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

  private static Optional<Condition> ready(Widget widget) {
    if (widget == null || widget.getStatus() == null || widget.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return widget.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
  }

  private void awaitPaint(String name, String color) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget widget = get(name);
      assertThat(widget.getStatus()).isNotNull();
      assertThat(widget.getStatus().getPaint()).isEqualTo(color);
      assertThat(ready(widget)).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });
  }

  private boolean loggedWith(String text) {
    return logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
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
        assertThat(ready(get("cursed"))).hasValueSatisfying(c -> {
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
}
