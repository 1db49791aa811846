package dev.maestro.samples.greeting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The greeting operator: runs against the cluster of the current kubeconfig, or in-cluster. */
@SpringBootApplication
public class GreetingOperatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(GreetingOperatorApplication.class, args);
  }
}
