package dev.maestro.core.status;

import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the steps of one reconcile ended, handed to status functions (phase, hooks, handlers).
 *
 * @param result what the steps asked of the queue ({@link Result#done()} after an error)
 * @param error the error that stopped the steps, or null
 * @param conditions the parent's conditions as they will be written
 */
public record ReconcileOutcome(Result result, @Nullable RuntimeException error, List<Condition> conditions) {

  public ReconcileOutcome {
    conditions = List.copyOf(conditions);
  }

  /** Whether a step failed. */
  public boolean failed() {
    return error != null;
  }

  /** The error's reason ({@link ReconcileException#reasonOf(Throwable)}); empty on success. */
  public Optional<String> reason() {
    if (error == null) {
      return Optional.empty();
    }
    return Optional.of(ReconcileException.reasonOf(error));
  }

  /** The error's message; empty on success. */
  public Optional<String> message() {
    if (error == null) {
      return Optional.empty();
    }
    return Optional.of(ReconcileException.messageOf(error));
  }

  /** The condition of {@code type}, if present. */
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
