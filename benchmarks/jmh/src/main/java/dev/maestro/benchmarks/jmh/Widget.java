package dev.maestro.benchmarks.jmh;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A parent shaped like the benchmark's Greeting: a message in its spec, observedGeneration and conditions. */
@Group("jmh.maestro.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  @Override
  protected Spec initSpec() {
    return new Spec();
  }

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** The spec. */
  public static class Spec {

    private @Nullable String message;

    public @Nullable String getMessage() {
      return message;
    }

    public void setMessage(@Nullable String message) {
      this.message = message;
    }
  }

  /** The status Maestro maintains, by field name (as in the samples). */
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
