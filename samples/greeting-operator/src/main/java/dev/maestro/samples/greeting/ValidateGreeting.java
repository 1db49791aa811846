package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.condition.ConditionStatus;
import org.springframework.core.annotation.Order;

/**
 * Checks the Greeting's spec and reports it in the {@code Valid} condition. An empty or missing message is a
 * permanent error: Ready=False with reason {@code InvalidSpec}, a Warning event, and no retry until the spec
 * changes.
 */
@SubReconciler
@Order(1)
public class ValidateGreeting implements Step<Greeting> {

  @Override
  public Result reconcile(ReconcileContext<Greeting> context, Greeting greeting) {
    String message = greeting.getSpec() == null ? null : greeting.getSpec().getMessage();
    if (message == null || message.isBlank()) {
      String why = "spec.message must not be empty";
      context.setCondition(GreetingController.VALID, ConditionStatus.FALSE, "InvalidSpec", why);
      throw ReconcileException.permanent("InvalidSpec", why);
    }
    context.setCondition(GreetingController.VALID, ConditionStatus.TRUE, "SpecValid", "");
    return Result.done();
  }
}
