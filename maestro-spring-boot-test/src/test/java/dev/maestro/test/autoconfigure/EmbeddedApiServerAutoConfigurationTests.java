package dev.maestro.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.autoconfigure.KubernetesClientAutoConfiguration;
import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The embedded API server stands in only where nothing else says where the API server is: a connection from a
 * K3s container (a {@code @ServiceConnection}) or the application's own comes first.
 */
class EmbeddedApiServerAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EmbeddedApiServerAutoConfiguration.class,
          KubernetesClientAutoConfiguration.class));

  @Test
  void withoutAConnectionTheClientTalksToAnEmbeddedServer() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(EmbeddedApiServer.class);
      assertThat(context.getBean(KubernetesClient.class).getMasterUrl().toString())
          .isEqualTo(context.getBean(EmbeddedApiServer.class).url());
    });
  }

  @Test
  void aConnectionOfItsOwnLeavesTheEmbeddedServerOut() {
    Config elsewhere = new ConfigBuilder(Config.empty()).withMasterUrl("https://k3s.example:6443/").build();
    runner.withBean(KubernetesConnectionDetails.class, () -> () -> elsewhere).run(context -> {
      assertThat(context).doesNotHaveBean(EmbeddedApiServer.class);
      assertThat(context.getBean(KubernetesClient.class).getMasterUrl().toString())
          .isEqualTo("https://k3s.example:6443/");
    });
  }
}
