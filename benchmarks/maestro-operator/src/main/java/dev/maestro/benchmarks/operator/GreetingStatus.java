package dev.maestro.benchmarks.operator;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the operator observed: the generation it reconciled and the Ready condition; Maestro writes both. */
public class GreetingStatus {

  private @Nullable Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  /** The generation of the Greeting this status describes. */
  public @Nullable Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(@Nullable Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** {@code Ready}: True once the ConfigMap holds the message. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
