package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import org.springframework.core.annotation.Order;

/** Rejects a Greeting without a message: a permanent error, reported in Ready, retried only when the spec changes. */
@SubReconciler
@Order(1)
public class ValidateGreeting implements Step<Greeting> {

  @Override
  public Result reconcile(ReconcileContext<Greeting> context, Greeting greeting) {
    String message = greeting.getSpec() == null ? null : greeting.getSpec().getMessage();
    if (message == null || message.isBlank()) {
      throw ReconcileException.permanent("InvalidSpec", "spec.message must not be empty");
    }
    return Result.done();
  }
}
