package dev.maestro.benchmarks.operator;

import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The benchmark's Maestro operator: a Spring Boot application with Maestro's starter and nothing else, started by
 * the runner as {@code java -cp ... MaestroBenchmarkOperator --benchmark.api-server=http://127.0.0.1:<port>/}.
 */
@SpringBootApplication
public class MaestroBenchmarkOperator {

  public static void main(String[] args) {
    SpringApplication.run(MaestroBenchmarkOperator.class, args);
  }

  /**
   * The benchmark's API server, and fabric8's defaults for everything else; no kubeconfig of the machine is read.
   * The JOSDK operator builds its client configuration the same way.
   */
  @Bean
  KubernetesConnectionDetails benchmarkApiServer(@Value("${benchmark.api-server}") String url) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).build();
    return () -> config;
  }
}
