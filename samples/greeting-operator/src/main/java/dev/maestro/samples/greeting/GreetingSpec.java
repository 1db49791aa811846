package dev.maestro.samples.greeting;

import org.jspecify.annotations.Nullable;

/** What the user wants: a message, given inline or taken from a ConfigMap key. */
public class GreetingSpec {

  private @Nullable String message;

  private @Nullable MessageSource messageFrom;

  /** The message written to the ConfigMap's {@code data.message}; used when {@code messageFrom} is not set. */
  public @Nullable String getMessage() {
    return message;
  }

  public void setMessage(@Nullable String message) {
    this.message = message;
  }

  /** Where to read the message instead: a key of a ConfigMap in the Greeting's namespace. */
  public @Nullable MessageSource getMessageFrom() {
    return messageFrom;
  }

  public void setMessageFrom(@Nullable MessageSource messageFrom) {
    this.messageFrom = messageFrom;
  }

  /** A source of the message. */
  public static class MessageSource {

    private @Nullable KeyRef configMapKeyRef;

    /** The ConfigMap key holding the message. */
    public @Nullable KeyRef getConfigMapKeyRef() {
      return configMapKeyRef;
    }

    public void setConfigMapKeyRef(@Nullable KeyRef configMapKeyRef) {
      this.configMapKeyRef = configMapKeyRef;
    }
  }

  /** A key of a ConfigMap in the Greeting's namespace. */
  public static class KeyRef {

    private @Nullable String name;
    private @Nullable String key;

    /** The ConfigMap's name. */
    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    /** The key within its data. */
    public @Nullable String getKey() {
      return key;
    }

    public void setKey(@Nullable String key) {
      this.key = key;
    }
  }
}
