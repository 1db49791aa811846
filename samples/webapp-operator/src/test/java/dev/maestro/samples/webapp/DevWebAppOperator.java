package dev.maestro.samples.webapp;

import org.springframework.boot.SpringApplication;

/** Runs the webapp operator on an embedded API server, for development ({@code spring-boot:test-run}). */
public final class DevWebAppOperator {

  private DevWebAppOperator() {}

  public static void main(String[] args) {
    SpringApplication.from(WebAppOperatorApplication::main).with(EmbeddedClusterConfiguration.class).run(args);
  }
}
