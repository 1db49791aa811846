package dev.maestro.benchmarks.josdk;

/** What the user wants: the message to publish. */
public class GreetingSpec {

  private String message;

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
