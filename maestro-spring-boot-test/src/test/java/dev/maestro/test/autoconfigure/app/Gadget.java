package dev.maestro.test.autoconfigure.app;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The slice tests' resource: a gadget with a label its ConfigMap carries. */
@Group("test.maestro.dev")
@Version("v1")
public class Gadget extends CustomResource<Gadget.Spec, Gadget.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

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
    private @Nullable String label;

    public @Nullable String getLabel() {
      return label;
    }

    public void setLabel(@Nullable String label) {
      this.label = label;
    }
  }

  /** The observed state, which Maestro maintains. */
  public static class Status {
    private @Nullable Long observedGeneration;
    private List<Condition> conditions = new ArrayList<>();

    public @Nullable Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(@Nullable Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
