package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.ControllerCustomizer;
import dev.maestro.autoconfigure.ParentReconciler;
import dev.maestro.core.condition.ConditionSet;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.status.ReconcileOutcome;
import dev.maestro.core.status.StatusCustomizer;
import dev.maestro.core.status.StatusPolicy;

/**
 * The controller of Greetings. Its steps are the {@code @SubReconciler} beans of this package, in {@code @Order}:
 * {@link ValidateGreeting}, then {@link GreetingConfigMap}, whose child type (ConfigMap) the controller watches, so
 * that a change to a Greeting's ConfigMap brings the Greeting back into the queue.
 *
 * <p>Status: {@code Ready} is derived from the steps' conditions {@code Valid} and {@code ConfigMapReady}, and
 * {@code phase} summarises it.
 */
@ParentReconciler(resource = Greeting.class)
public class GreetingController implements ControllerCustomizer<Greeting> {

  /** The condition {@link ValidateGreeting} sets. */
  public static final String VALID = "Valid";

  /** The condition {@link GreetingConfigMap} sets. */
  public static final String CONFIG_MAP_READY = "ConfigMapReady";

  @Override
  public void customize(ControllerBuilder<Greeting> builder) {
    builder.withConditionSet(ConditionSet.ready(VALID, CONFIG_MAP_READY))
        .withStatus(StatusPolicy.DEFAULT.withPhaseField("phase"))
        .withStatusCustomizer(new StatusCustomizer<>() {
          @Override
          public String phase(Greeting greeting, ReconcileOutcome outcome) {
            String ready = outcome.condition("Ready").map(c -> c.getStatus()).orElse("Unknown");
            return switch (ready) {
              case "True" -> "Ready";
              case "False" -> "Failed";
              default -> "Pending";
            };
          }
        });
  }
}
