package dev.maestro.samples.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The webapp operator: runs against the cluster of the current kubeconfig, or in-cluster. */
@SpringBootApplication
public class WebAppOperatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebAppOperatorApplication.class, args);
  }
}
