package dev.maestro.benchmarks.josdk;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The Greeting reconciler in the shape of JOSDK's documentation (the WebPage sample's managed-dependents
 * reconciler): the workflow reconciles the ConfigMap dependent first, then {@code reconcile} sets the status (Ready
 * and observedGeneration, as Maestro writes them) and returns {@code UpdateControl.patchStatus}.
 */
@Workflow(dependents = @Dependent(type = ConfigMapDependentResource.class))
@ControllerConfiguration
public class GreetingReconciler implements Reconciler<Greeting> {

  @Override
  public UpdateControl<Greeting> reconcile(Greeting greeting, Context<Greeting> context) {
    GreetingStatus status = greeting.getStatus() == null ? new GreetingStatus() : greeting.getStatus();
    status.setObservedGeneration(greeting.getMetadata().getGeneration());
    status.setConditions(List.of(ready(status, greeting.getMetadata().getGeneration())));
    greeting.setStatus(status);
    return UpdateControl.patchStatus(greeting);
  }

  /** Ready=True, keeping the transition time of a Ready that already was True. */
  private static Condition ready(GreetingStatus status, Long generation) {
    String since = status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .findFirst()
        .orElseGet(() -> DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus("True")
        .withObservedGeneration(generation)
        .withReason("Reconciled")
        .withMessage("")
        .withLastTransitionTime(since)
        .build();
  }
}
