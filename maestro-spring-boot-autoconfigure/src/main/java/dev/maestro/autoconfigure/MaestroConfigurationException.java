package dev.maestro.autoconfigure;

/** A wiring mistake found at start-up; its message names the bean and what to change. */
public class MaestroConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A mistake described by {@code message}. */
  public MaestroConfigurationException(String message) {
    super(message);
  }

  /** A mistake described by {@code message}, found through {@code cause}. */
  public MaestroConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
