package dev.maestro.benchmarks.operator;

import io.fabric8.generator.annotation.Required;
import org.jspecify.annotations.Nullable;

/** What the user wants: the message to publish. */
public class GreetingSpec {

  @Required
  private @Nullable String message;

  /** The message written to the ConfigMap's {@code data.message}. */
  public @Nullable String getMessage() {
    return message;
  }

  public void setMessage(@Nullable String message) {
    this.message = message;
  }
}
