package dev.maestro.core.event;

/** The two types of Kubernetes Events. */
public enum EventType {
  /** Something expected happened. */
  NORMAL("Normal"),
  /** Something a user should look at. */
  WARNING("Warning");

  private final String value;

  EventType(String value) {
    this.value = value;
  }

  /** The wire form. */
  public String value() {
    return value;
  }
}
