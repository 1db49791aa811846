package dev.maestro.samples.greeting;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the operator observed; Maestro maintains every field. */
public class GreetingStatus {

  private @Nullable Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  private @Nullable String phase;

  /** {@code Ready}, {@code Failed} or {@code Pending}: a summary of the Ready condition. */
  public @Nullable String getPhase() {
    return phase;
  }

  public void setPhase(@Nullable String phase) {
    this.phase = phase;
  }

  /** The generation of the Greeting this status describes. */
  public @Nullable Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(@Nullable Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** {@code Ready}, derived from {@code Valid} and {@code ConfigMapReady}, with reasons and messages. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
