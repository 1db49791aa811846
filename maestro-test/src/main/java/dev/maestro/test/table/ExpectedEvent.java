package dev.maestro.test.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event a case expects: a core/v1 {@code Event} (or an {@code events.k8s.io/v1} one) written to the API server,
 * compared by the object it regards, its type, reason and message.
 *
 * @param kind the kind of the object the event is about
 * @param namespace its namespace; null means the suite's default namespace
 * @param name its name
 * @param type {@code Normal} or {@code Warning}
 * @param reason the CamelCase reason
 * @param message the message (the {@code note} of an events.k8s.io event)
 */
public record ExpectedEvent(String kind, @Nullable String namespace, String name, String type, String reason,
    String message) {

  public ExpectedEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** An event of {@code type} about {@code regarding}. */
  public static ExpectedEvent of(HasMetadata regarding, String type, String reason, String message) {
    return new ExpectedEvent(regarding.getKind(), regarding.getMetadata().getNamespace(),
        regarding.getMetadata().getName(), type, reason, message);
  }

  /** A {@code Normal} event about {@code regarding}. */
  public static ExpectedEvent normal(HasMetadata regarding, String reason, String message) {
    return of(regarding, "Normal", reason, message);
  }

  /** A {@code Warning} event about {@code regarding}. */
  public static ExpectedEvent warning(HasMetadata regarding, String reason, String message) {
    return of(regarding, "Warning", reason, message);
  }
}
