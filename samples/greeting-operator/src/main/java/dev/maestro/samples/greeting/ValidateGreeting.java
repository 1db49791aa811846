package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.StashKey;
import dev.maestro.core.Step;
import dev.maestro.core.condition.ConditionStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;
import org.springframework.core.annotation.Order;

/**
 * Works out the Greeting's message and reports it in the {@code Valid} condition; the later steps read it from the
 * stash under {@link #MESSAGE}.
 *
 * <ul>
 *   <li>{@code spec.messageFrom.configMapKeyRef}: the message is that key of that ConfigMap, read from the cache
 *       and tracked, so an edit of the ConfigMap reconciles the Greeting. A missing ConfigMap or key gives
 *       Ready=False, reason {@code ReferenceNotFound}, without retries: the tracker reconciles the Greeting when the
 *       ConfigMap appears or changes.</li>
 *   <li>otherwise {@code spec.message}; empty or missing is a permanent error, reason {@code InvalidSpec}.</li>
 * </ul>
 */
@SubReconciler
@Order(1)
public class ValidateGreeting implements Step<Greeting> {

  /** The message the Greeting resolves to. */
  public static final StashKey<String> MESSAGE = StashKey.of("message", String.class);

  @Override
  public Result reconcile(ReconcileContext<Greeting> context, Greeting greeting) {
    GreetingSpec spec = greeting.getSpec();
    GreetingSpec.KeyRef ref = spec == null || spec.getMessageFrom() == null ? null
        : spec.getMessageFrom().getConfigMapKeyRef();
    String message;
    if (ref != null) {
      if (ref.getName() == null || ref.getKey() == null) {
        throw invalid(context, "spec.messageFrom.configMapKeyRef needs a name and a key");
      }
      ResourceKey source = new ResourceKey(greeting.getMetadata().getNamespace(), ref.getName());
      Optional<ConfigMap> configMap = context.track(ConfigMap.class, source);
      message = configMap.map(ConfigMap::getData).map(data -> data.get(ref.getKey())).orElse(null);
      if (message == null) {
        String why = configMap.isEmpty() ? "ConfigMap " + source + " does not exist"
            : "ConfigMap " + source + " has no key '" + ref.getKey() + "'";
        context.setCondition(GreetingController.VALID, ConditionStatus.FALSE, "ReferenceNotFound", why);
        throw ReconcileException.permanent("ReferenceNotFound", why);
      }
    } else {
      message = spec == null ? null : spec.getMessage();
      if (message == null || message.isBlank()) {
        throw invalid(context, "spec.message must not be empty (or set spec.messageFrom)");
      }
    }
    context.stash().put(MESSAGE, message);
    context.setCondition(GreetingController.VALID, ConditionStatus.TRUE, "SpecValid", "");
    return Result.done();
  }

  private static ReconcileException invalid(ReconcileContext<Greeting> context, String why) {
    context.setCondition(GreetingController.VALID, ConditionStatus.FALSE, "InvalidSpec", why);
    return ReconcileException.permanent("InvalidSpec", why);
  }
}
