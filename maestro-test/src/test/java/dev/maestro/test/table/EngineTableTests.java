package dev.maestro.test.table;

import static dev.maestro.test.table.Widgets.paint;
import static dev.maestro.test.table.Widgets.ready;
import static dev.maestro.test.table.Widgets.shade;
import static dev.maestro.test.table.Widgets.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.core.Result;
import dev.maestro.core.SyncStep;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.Fault;
import dev.maestro.test.Widget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Maestro's engine as a table: the resource reconciler with a child step, from the key to the status write,
 * including injected API failures. Each case is one reconcile on the embedded API server.
 */
class EngineTableTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  @TestFactory
  Stream<DynamicTest> widgetController() {
    Widget blue = shade("blue");
    return ReconcilerTestSuite.forParent(Widget.class)
        .on(server)
        .controller(builder -> builder.register(new WidgetPaint()))
        .cases(
            ReconcilerTestCase.named("creates the child and reports Ready")
                .key("default", "shade")
                .given(blue)
                .expectCreates(paint(blue, "blue"))
                .expectStatusUpdates(ready(blue, "blue"))
                .expectEvents(childEvent(blue, "Created")),
            ReconcilerTestCase.named("in sync: writes nothing")
                .key("default", "shade")
                .given(ready(blue, "blue"), paint(blue, "blue")),
            ReconcilerTestCase.named("updates a child that drifted")
                .key("default", "shade")
                .given(ready(blue, "red"), paint(blue, "red"))
                .expectUpdates(paint(blue, "blue"))
                .expectStatusUpdates(ready(blue, "blue"))
                .expectEvents(childEvent(blue, "Updated")),
            ReconcilerTestCase.named("deletes the child the parent no longer wants")
                .key("default", "shade")
                .given(ready(shade(""), "blue"), paint(blue, "blue"))
                .expectDeletes(ExpectedDelete.of(ConfigMap.class, "default", "shade-paint"))
                .expectStatusUpdates(ready(shade(""), null))
                .expectEvents(childEvent(blue, "Deleted")),
            ReconcilerTestCase.named("a child already gone (404 on delete) counts as deleted")
                .key("default", "shade")
                .given(ready(shade(""), "blue"), paint(blue, "blue"))
                .withFaults(Fault.onDelete(ConfigMap.class).failWith(404))
                .expectDeletes(ExpectedDelete.of(ConfigMap.class, "default", "shade-paint"))
                .expectStatusUpdates(ready(shade(""), null)),
            ReconcilerTestCase.named("parent gone: nothing to do")
                .key("default", "shade"),
            ReconcilerTestCase.named("parent being deleted is left alone")
                .key("default", "shade")
                .given(TestObjects.beingDeleted(blue), paint(blue, "blue")),
            ReconcilerTestCase.named("a ConfigMap the parent does not control is not taken over")
                .key("default", "shade")
                .given(blue, new ConfigMapBuilder().withNewMetadata().withName("shade-paint").withNamespace("default")
                    .endMetadata().addToData("color", "mine").build())
                .expectStatusUpdates(withStatus(blue, null, ready("False", "NotOwned", NOT_OWNED)))
                .expectEvents(ExpectedEvent.warning(blue, "NotOwned", NOT_OWNED))
                .expectErrorReason("NotOwned"),
            ReconcilerTestCase.named("conflict (409) on create: retried later, no status written")
                .key("default", "shade")
                .given(blue)
                .withFaults(Fault.onCreate(ConfigMap.class).failWith(409))
                .expectCreates(paint(blue, "blue"))
                .expectErrorReason("AlreadyExists"),
            ReconcilerTestCase.named("server error (500) on update: reported in Ready")
                .key("default", "shade")
                .given(ready(blue, "red"), paint(blue, "red"))
                .withFaults(Fault.onUpdate(ConfigMap.class).failWith(500))
                .expectUpdates(paint(blue, "blue"))
                .expectStatusUpdates(withStatus(blue, null, ready("False", "InternalError", updateFailed())))
                .expectEvents(ExpectedEvent.warning(blue, "InternalError", updateFailed()))
                .expectErrorReason("InternalError"),
            ReconcilerTestCase.named("conflict (409) on the status write: returned for a retry")
                .key("default", "shade")
                .given(blue)
                .withFaults(Fault.onPatch(Widget.class).ofStatusSubresource().failWith(409))
                .expectCreates(paint(blue, "blue"))
                .expectStatusUpdates(ready(blue, "blue"))
                .expectEvents(childEvent(blue, "Created"))
                .expectErrorReason("Conflict"))
        .toTests();
  }

  @TestFactory
  Stream<DynamicTest> widgetPaintStep() {
    Widget blue = shade("blue");
    return StepTestSuite.forParent(Widget.class)
        .on(server)
        .step(WidgetPaint::new)
        .requestTimeout(Duration.ofMillis(500))
        .cases(
            StepTestCase.named("creates the child and reflects its paint")
                .parent(blue)
                .expectCreates(paint(blue, "blue"))
                .expectEvents(childEvent(blue, "Created"))
                .expectParent(withPaint(blue, "blue")),
            StepTestCase.named("in sync: writes nothing, reflects the paint")
                .parent(blue)
                .given(paint(blue, "blue"))
                .expectParent(withPaint(blue, "blue")),
            StepTestCase.named("time-out on create: the error reaches the caller, nothing reflected")
                .parent(blue)
                .withFaults(Fault.onCreate(ConfigMap.class).timeOut())
                .expectCreates(paint(blue, "blue"))
                .expectError(error -> assertThat(error).isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("timeout period of 500ms has been exceeded")))
        .toTests();
  }

  @TestFactory
  Stream<DynamicTest> syncStepWithStashAndConditions() {
    var color = dev.maestro.core.StashKey.of("color", String.class);
    var mixed = dev.maestro.core.StashKey.of("mixed", String.class);
    return StepTestSuite.forParent(Widget.class)
        .on(server)
        .step(() -> SyncStep.of("mix", (context, widget) -> {
          String mix = context.stash().require(color) + "+" + widget.getSpec().getColor();
          context.stash().put(mixed, mix);
          context.setCondition("Mixed", dev.maestro.core.condition.ConditionStatus.TRUE, "Mixed", mix);
          widget.getMetadata().getLabels().put("mixed", "true");
          return Result.requeueAfter(Duration.ofMinutes(5));
        }))
        .cases(
            StepTestCase.named("mixes the stashed color with the widget's")
                .parent(shade("blue"))
                .givenStash(color, "yellow")
                .expectStash(mixed, "yellow+blue")
                .expectConditions(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Mixed")
                    .withStatus("True").withReason("Mixed").withMessage("yellow+blue").withObservedGeneration(1L)
                    .withLastTransitionTime(Widgets.NOW).build())
                .expectParent(withLabel(shade("blue"), "mixed", "true"))
                .expectResult(Result.requeueAfter(Duration.ofMinutes(5))),
            StepTestCase.named("fails when no earlier step stashed a color")
                .parent(shade("blue"))
                .expectError(IllegalStateException.class))
        .toTests();
  }

  private static final String NOT_OWNED = "ConfigMap default/shade-paint already exists and is not controlled by "
      + "default/shade; it is left untouched: delete or rename it to let the controller create its own";

  /** How fabric8 reports the injected 500 on the update of the paint ConfigMap. */
  private static String updateFailed() {
    String message = "Internal error occurred: injected fault on update of configmaps \"shade-paint\"";
    return "Failure executing: PUT at: " + server.url() + "api/v1/namespaces/default/configmaps/shade-paint. Message: "
        + message + ". Received status: Status(apiVersion=v1, code=500, details=StatusDetails(causes=[], group=, "
        + "kind=configmaps, name=shade-paint, retryAfterSeconds=null, uid=null, additionalProperties={}), "
        + "kind=Status, message=" + message + ", metadata=ListMeta(_continue=null, remainingItemCount=null, "
        + "resourceVersion=null, selfLink=null, shardInfo=null, additionalProperties={}), reason=InternalError, "
        + "status=Failure, additionalProperties={}).";
  }

  /** The Normal event a child step records on the parent for a write of its paint ConfigMap. */
  private static ExpectedEvent childEvent(Widget parent, String reason) {
    return ExpectedEvent.normal(parent, reason, reason + " ConfigMap default/shade-paint");
  }

  private static Widget withPaint(Widget widget, String paint) {
    Widget copy = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(widget);
    copy.getStatus().setPaint(paint);
    return copy;
  }

  private static Widget withLabel(Widget widget, String key, String value) {
    Widget copy = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(widget);
    copy.getMetadata().getLabels().put(key, value);
    return copy;
  }
}
