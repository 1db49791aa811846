package dev.maestro.core.condition;

/** The three values of a condition's {@code status} field. */
public enum ConditionStatus {
  TRUE("True"),
  FALSE("False"),
  UNKNOWN("Unknown");

  private final String value;

  ConditionStatus(String value) {
    this.value = value;
  }

  /** {@code TRUE} or {@code FALSE}. */
  public static ConditionStatus of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** Parses the wire form; anything unexpected is {@code UNKNOWN}. */
  public static ConditionStatus parse(String value) {
    for (ConditionStatus status : values()) {
      if (status.value.equals(value)) {
        return status;
      }
    }
    return UNKNOWN;
  }

  /** The wire form: {@code True}, {@code False} or {@code Unknown}. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
