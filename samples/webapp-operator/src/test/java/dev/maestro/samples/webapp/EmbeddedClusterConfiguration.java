package dev.maestro.samples.webapp;

import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the operator at an embedded API server with the WebApp CRD generated at build time, and emulated
 * owner-reference garbage collection. The embedded server runs no Deployment controller: Deployments never become
 * available unless a test writes their status.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedClusterConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedApiServer embeddedApiServer(@Value("${maestro.embedded.port:0}") int port) {
    return EmbeddedApiServer.onPort(port)
        .onStart(s -> s.installCrds("META-INF/fabric8/webapps.samples.maestro.dev-v1.yml"))
        .collectGarbage(WebApp.class, ConfigMap.class, Deployment.class, Service.class)
        .start();
  }

  @Bean
  KubernetesConnectionDetails kubernetesConnectionDetails(EmbeddedApiServer server) {
    return server::config;
  }
}
