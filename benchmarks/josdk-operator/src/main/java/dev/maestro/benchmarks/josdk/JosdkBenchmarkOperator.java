package dev.maestro.benchmarks.josdk;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;

/**
 * The benchmark's JOSDK operator: {@code java -cp ... JosdkBenchmarkOperator <api-server-url>}.
 *
 * <p>JOSDK's defaults throughout, except one setting the embedded API server needs:
 * {@code withUseSSAToPatchPrimaryResource(false)}, because fabric8's mock server answers a server-side-apply patch
 * with 415; JOSDK then patches the status with a JSON patch. (The ConfigMap dependent already avoids server-side
 * apply by default.) The client is configured as the Maestro operator's: the given URL and fabric8's defaults.
 */
public final class JosdkBenchmarkOperator {

  private JosdkBenchmarkOperator() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: JosdkBenchmarkOperator <api-server-url>");
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(args[0]).build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Operator operator = new Operator(overrider -> overrider
        .withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false));
    operator.register(new GreetingReconciler());
    operator.start();
    Thread.currentThread().join();
  }
}
