package dev.maestro.test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** A custom resource for tests of the engine. */
@Group("test.maestro.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** A widget named {@code name} in {@code namespace} with {@code color}. */
  public static Widget of(String namespace, String name, String color) {
    Widget widget = new Widget();
    widget.getMetadata().setNamespace(namespace);
    widget.getMetadata().setName(name);
    widget.setSpec(new Spec());
    widget.getSpec().setColor(color);
    return widget;
  }

  /** The CRD, with the status subresource; tests build it in code since the engine's tests have no generator. */
  /** The Ready condition of {@code widget} as read back from the server; empty when it has none (or is null). */
  public static java.util.Optional<Condition> ready(@org.jspecify.annotations.Nullable Widget widget) {
    return condition(widget, "Ready");
  }

  /** The condition of {@code type} of {@code widget}; empty when it has none (or is null). */
  public static java.util.Optional<Condition> condition(@org.jspecify.annotations.Nullable Widget widget,
      String type) {
    if (widget == null || widget.getStatus() == null || widget.getStatus().getConditions() == null) {
      return java.util.Optional.empty();
    }
    return widget.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  public static CustomResourceDefinition crd() {
    return TestCrds.of(Widget.class);
  }

  @Override
  protected Spec initSpec() {
    return new Spec();
  }

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** The desired state. */
  public static class Spec {
    private String color;

    public String getColor() {
      return color;
    }

    public void setColor(String color) {
      this.color = color;
    }
  }

  /** The observed state. */
  public static class Status {
    private Long observedGeneration;
    private String paint;
    private String phase;
    private String reason;
    private String message;
    private String lastReconcileTime;
    private java.util.Map<String, Object> details;
    private List<Condition> conditions = new ArrayList<>();

    public String getPhase() {
      return phase;
    }

    public void setPhase(String phase) {
      this.phase = phase;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }

    public String getLastReconcileTime() {
      return lastReconcileTime;
    }

    public void setLastReconcileTime(String lastReconcileTime) {
      this.lastReconcileTime = lastReconcileTime;
    }

    /** Free-form nested status, for nested field paths. */
    public java.util.Map<String, Object> getDetails() {
      return details;
    }

    public void setDetails(java.util.Map<String, Object> details) {
      this.details = details;
    }

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    public String getPaint() {
      return paint;
    }

    public void setPaint(String paint) {
      this.paint = paint;
    }

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
