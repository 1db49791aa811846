package dev.maestro.samples.greeting;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the operator observed; Maestro maintains both fields. */
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

  /** {@code Ready}, with a reason and message when it is not True. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
