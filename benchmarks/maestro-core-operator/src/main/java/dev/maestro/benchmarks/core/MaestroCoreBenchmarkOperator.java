package dev.maestro.benchmarks.core;

import dev.maestro.benchmarks.operator.Greeting;
import dev.maestro.benchmarks.operator.GreetingConfigMap;
import dev.maestro.core.Maestro;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The benchmark's Greeting operator on {@code maestro-core} alone: {@code java -cp ... MaestroCoreBenchmarkOperator
 * <api-server-url>}. The same controller as the starter's operator (the {@link GreetingConfigMap} step, Maestro's
 * default status and options, no events), built in a plain {@code main} as the JOSDK operator is, so that the
 * difference between the two Maestro rows is what Spring Boot costs.
 */
public final class MaestroCoreBenchmarkOperator {

  private MaestroCoreBenchmarkOperator() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: MaestroCoreBenchmarkOperator <api-server-url>");
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(args[0]).build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Maestro.forParent(Greeting.class).withClient(client).withEvents(false)
        .register(new GreetingConfigMap())
        .build()
        .start();
    Thread.currentThread().join();
  }
}
