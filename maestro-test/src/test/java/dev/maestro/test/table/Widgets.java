package dev.maestro.test.table;

import dev.maestro.test.Widget;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Test objects of the engine's tables: widgets, their paint ConfigMaps, their Ready conditions. */
final class Widgets {

  static final String NOW = ReconcilerTestSuite.DEFAULT_NOW.toString();
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Widgets() {}

  /** Widget {@code default/shade} of {@code color}. */
  static Widget shade(String color) {
    return Widget.of("default", "shade", color);
  }

  /** {@code widget} with the status a successful reconcile writes. */
  static Widget ready(Widget widget, String paint) {
    return withStatus(widget, paint, ready("True", "Reconciled", ""));
  }

  /** {@code widget} with {@code paint} and one condition in its status, observedGeneration 1. */
  static Widget withStatus(Widget widget, String paint, Condition condition) {
    Widget copy = JSON.clone(widget);
    copy.getStatus().setObservedGeneration(1L);
    copy.getStatus().setPaint(paint);
    copy.getStatus().setConditions(List.of(condition));
    return copy;
  }

  /** A Ready condition as Maestro writes it at {@link #NOW}, for generation 1. */
  static Condition ready(String status, String reason, String message) {
    return new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message)
        .withObservedGeneration(1L).withLastTransitionTime(NOW).build();
  }

  /** The paint ConfigMap of {@code widget}, controlled by it. */
  static ConfigMap paint(Widget widget, String color) {
    return TestObjects.controlledBy(new ConfigMapBuilder()
        .withNewMetadata().withName(widget.getMetadata().getName() + "-paint").endMetadata()
        .addToData("color", color)
        .build(), widget);
  }
}
