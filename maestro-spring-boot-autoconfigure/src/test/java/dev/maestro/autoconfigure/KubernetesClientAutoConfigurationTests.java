package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The fabric8 client bean: built from the connection details, and backing off a client of the application. */
class KubernetesClientAutoConfigurationTests {

  private static final Config ELSEWHERE = new ConfigBuilder(Config.empty())
      .withMasterUrl("https://elsewhere.example:6443/")
      .withNamespace("far-away")
      .build();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KubernetesClientAutoConfiguration.class));

  @Test
  void clientAndConnectionDetailsAreAutoConfigured() {
    runner.run(context -> assertThat(context)
        .hasSingleBean(KubernetesClient.class)
        .hasSingleBean(KubernetesConnectionDetails.class));
  }

  @Test
  void clientIsBuiltFromTheApplicationsConnectionDetails() {
    runner.withBean(KubernetesConnectionDetails.class, () -> () -> ELSEWHERE)
        .run(context -> {
          assertThat(context).hasSingleBean(KubernetesConnectionDetails.class);
          KubernetesClient client = context.getBean(KubernetesClient.class);
          assertThat(client.getConfiguration().getMasterUrl()).isEqualTo("https://elsewhere.example:6443/");
          assertThat(client.getNamespace()).isEqualTo("far-away");
        });
  }

  @Test
  void clientOfTheApplicationBacksOffTheAutoConfiguredOne() {
    runner.withBean("myClient", KubernetesClient.class,
            () -> new KubernetesClientBuilder().withConfig(ELSEWHERE).build())
        .run(context -> {
          assertThat(context).hasSingleBean(KubernetesClient.class).hasBean("myClient");
          assertThat(context).doesNotHaveBean("kubernetesClient");
        });
  }
}
