package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the operator at an embedded API server instead of a real cluster: starts the server (port
 * {@code maestro.embedded.port}, 0 for a free one), installs the Greeting CRD generated at build time, emulates
 * owner-reference garbage collection for the Greeting's ConfigMaps, and, unless {@code maestro.embedded.seed=false},
 * creates a demo Greeting {@code default/hello}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedClusterConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedClusterConfiguration.class);

  /** Where the build's CRD generator writes the Greeting CRD. */
  static final String CRD = "META-INF/fabric8/greetings.samples.maestro.dev-v1.yml";

  @Bean(destroyMethod = "close")
  EmbeddedApiServer embeddedApiServer(@Value("${maestro.embedded.port:0}") int port,
      @Value("${maestro.embedded.seed:true}") boolean seed) {
    EmbeddedApiServer server = EmbeddedApiServer.onPort(port)
        .onStart(s -> s.installCrds(CRD))
        .collectGarbage(Greeting.class, ConfigMap.class);
    if (seed) {
      server.onStart(EmbeddedClusterConfiguration::seed);
    }
    return server.start();
  }

  @Bean
  KubernetesConnectionDetails kubernetesConnectionDetails(EmbeddedApiServer server) {
    return server::config;
  }

  private static void seed(EmbeddedApiServer server) {
    try (KubernetesClient client = server.client()) {
      Greeting hello = new Greeting();
      hello.getMetadata().setName("hello");
      hello.getMetadata().setNamespace("default");
      hello.getSpec().setMessage("Hello from Maestro");
      client.resource(hello).create();
    }
    log.info("""
        Seeded Greeting default/hello. Create more from another shell, e.g.:
          curl -s -X POST -H 'Content-Type: application/json' {}apis/samples.maestro.dev/v1/namespaces/default/greetings \\
            -d '{"apiVersion":"samples.maestro.dev/v1","kind":"Greeting","metadata":{"name":"world"},"spec":{"message":"Hi"}}'
          curl -s {}api/v1/namespaces/default/configmaps/world-greeting""", server.url(), server.url());
  }
}
