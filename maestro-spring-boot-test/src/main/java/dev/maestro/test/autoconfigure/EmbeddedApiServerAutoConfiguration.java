package dev.maestro.test.autoconfigure;

import dev.maestro.autoconfigure.KubernetesClientAutoConfiguration;
import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * An {@link EmbeddedApiServer} with the application's CRDs installed, and {@link KubernetesConnectionDetails} that
 * point the client at it. Backs off when the context defines its own connection details (a K3s service
 * connection, a test configuration with a server of its own).
 */
@AutoConfiguration(before = KubernetesClientAutoConfiguration.class)
@ConditionalOnClass({EmbeddedApiServer.class, KubernetesClient.class})
@ConditionalOnMissingBean(KubernetesConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedApiServerProperties.class)
public class EmbeddedApiServerAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  EmbeddedApiServer embeddedApiServer(EmbeddedApiServerProperties properties,
      ObjectProvider<EmbeddedApiServerCustomizer> customizers) {
    EmbeddedApiServer server = EmbeddedApiServer.onPort(properties.getPort())
        .onStart(started -> installCrds(started, properties));
    customizers.orderedStream().forEach(customizer -> customizer.customize(server));
    return server.start();
  }

  @Bean
  KubernetesConnectionDetails embeddedApiServerConnectionDetails(EmbeddedApiServer server) {
    return server::config;
  }

  private static void installCrds(EmbeddedApiServer server, EmbeddedApiServerProperties properties) {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    KubernetesClient client = server.unrecordedClient();
    for (String location : properties.getCrds()) {
      try {
        for (Resource resource : resolver.getResources(location)) {
          try (InputStream yaml = resource.getInputStream()) {
            for (HasMetadata item : client.load(yaml).items()) {
              if (item instanceof CustomResourceDefinition crd) {
                server.installCrd(crd);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read the CRDs at " + location
            + " (maestro.test.api-server.crds)", e);
      }
    }
  }
}
