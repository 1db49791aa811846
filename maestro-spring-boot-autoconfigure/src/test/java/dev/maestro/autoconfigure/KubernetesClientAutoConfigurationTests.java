package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create();

  @Test
  void everyHttpClientCustomizerIsAppliedEvenBesideAClientBuilderCustomizer() {
    List<String> seen = new CopyOnWriteArrayList<>();
    runner.withBean(KubernetesConnectionDetails.class, () -> server::config)
        .withBean("first", KubernetesHttpClientBuilderCustomizer.class,
            () -> http -> http.addOrReplaceInterceptor("first", recording("first", seen)))
        .withBean("second", KubernetesHttpClientBuilderCustomizer.class,
            () -> http -> http.addOrReplaceInterceptor("second", recording("second", seen)))
        .withBean("clientCustomizer", KubernetesClientBuilderCustomizer.class,
            () -> builder -> builder.withTaskExecutor(Runnable::run))
        .run(context -> {
          context.getBean(KubernetesClient.class).namespaces().list();
          assertThat(seen).contains("first", "second");
        });
  }

  private static Interceptor recording(String name, List<String> seen) {
    return new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        seen.add(name);
      }
    };
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
