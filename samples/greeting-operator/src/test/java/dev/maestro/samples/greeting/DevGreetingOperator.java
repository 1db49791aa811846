package dev.maestro.samples.greeting;

import org.springframework.boot.SpringApplication;

/**
 * Runs the greeting operator on an embedded API server, for development: {@code ./mvnw -pl
 * samples/greeting-operator -am spring-boot:test-run}. The production artifact carries none of this.
 */
public final class DevGreetingOperator {

  private DevGreetingOperator() {}

  public static void main(String[] args) {
    SpringApplication.from(GreetingOperatorApplication::main).with(EmbeddedClusterConfiguration.class).run(args);
  }
}
