package dev.maestro.test.table;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.child.ChildStep;
import dev.maestro.test.Widget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine's child step under test: a widget's ConfigMap {@code <name>-paint} holding its color, none when the
 * widget has no color; the paint in use is reflected onto the widget's status.
 */
final class WidgetPaint extends ChildStep<Widget, ConfigMap> {

  WidgetPaint() {
    super(ConfigMap.class);
  }

  @Override
  protected Optional<ConfigMap> desired(Widget widget, ReconcileContext<Widget> context) {
    String color = widget.getSpec().getColor();
    if (color == null || color.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigMapBuilder()
        .withNewMetadata().withName(widget.getMetadata().getName() + "-paint").endMetadata()
        .withData(Map.of("color", color))
        .build());
  }

  @Override
  protected boolean semanticEquals(ConfigMap desired, ConfigMap actual, ReconcileContext<Widget> context) {
    return Objects.equals(desired.getData(), actual.getData());
  }

  @Override
  protected void reflectStatus(Widget widget, Optional<ConfigMap> child, @Nullable RuntimeException error,
      ReconcileContext<Widget> context) {
    widget.getStatus().setPaint(child.map(c -> c.getData().get("color")).orElse(null));
  }
}
