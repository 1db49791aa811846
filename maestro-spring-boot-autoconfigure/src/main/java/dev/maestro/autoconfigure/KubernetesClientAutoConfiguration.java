package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A fabric8 {@link KubernetesClient} bean built from {@link KubernetesConnectionDetails}, unless the application
 * defines its own client.
 */
@AutoConfiguration
@ConditionalOnClass(KubernetesClient.class)
public class KubernetesClientAutoConfiguration {

  /** fabric8's own discovery of the cluster: kubeconfig ({@code KUBECONFIG}, ~/.kube/config), else in-cluster. */
  @Bean
  @ConditionalOnMissingBean
  KubernetesConnectionDetails kubernetesConnectionDetails() {
    return () -> Config.autoConfigure(null);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient(KubernetesConnectionDetails connection,
      ObjectProvider<KubernetesClientBuilderCustomizer> customizers,
      ObjectProvider<KubernetesHttpClientBuilderCustomizer> httpCustomizers) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(connection.getConfig());
    java.util.List<KubernetesHttpClientBuilderCustomizer> http = httpCustomizers.orderedStream().toList();
    if (!http.isEmpty()) {
      builder.withHttpClientBuilderConsumer(httpBuilder -> http.forEach(customizer -> customizer.customize(httpBuilder)));
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }
}
