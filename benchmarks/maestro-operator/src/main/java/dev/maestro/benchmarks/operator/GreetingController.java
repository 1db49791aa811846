package dev.maestro.benchmarks.operator;

import dev.maestro.autoconfigure.ControllerCustomizer;
import dev.maestro.autoconfigure.ParentReconciler;
import dev.maestro.core.runtime.ControllerBuilder;

/**
 * The controller of Greetings: one step, {@link GreetingConfigMap}; Maestro's default status (observedGeneration
 * and {@code Ready}) and default options otherwise. The one setting changed is {@code withEvents(false)}: the JOSDK
 * peer records no events, so neither does this one (Maestro records a Warning event for an error that changes the
 * status; there are none in the benchmark, so this only keeps the work identical on paper).
 */
@ParentReconciler(resource = Greeting.class)
public class GreetingController implements ControllerCustomizer<Greeting> {

  @Override
  public void customize(ControllerBuilder<Greeting> builder) {
    builder.withEvents(false);
  }
}
