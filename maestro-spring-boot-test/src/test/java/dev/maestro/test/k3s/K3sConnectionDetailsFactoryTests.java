package dev.maestro.test.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The K3s service connection, without a container: registration and the kubeconfig mapping. */
class K3sConnectionDetailsFactoryTests {

  @Test
  void isRegisteredAsAConnectionDetailsFactory() {
    List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation()
        .load(ConnectionDetailsFactory.class);
    assertThat(factories).hasAtLeastOneElementOfType(K3sConnectionDetailsFactory.class);
  }

  @Test
  void kubeconfigOfK3sBecomesTheClientConfiguration() {
    String ca = Base64.getEncoder().encodeToString("ca".getBytes());
    String cert = Base64.getEncoder().encodeToString("cert".getBytes());
    String key = Base64.getEncoder().encodeToString("key".getBytes());
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: https://localhost:32771
          name: default
        contexts:
        - context:
            cluster: default
            user: default
          name: default
        current-context: default
        users:
        - name: default
          user:
            client-certificate-data: %s
            client-key-data: %s
        """.formatted(ca, cert, key);

    Config config = K3sConnectionDetailsFactory.fromKubeconfig(kubeconfig);

    assertThat(config.getMasterUrl()).isEqualTo("https://localhost:32771/");
    assertThat(config.getCaCertData()).isEqualTo(ca);
    assertThat(config.getClientCertData()).isEqualTo(cert);
    assertThat(config.getClientKeyData()).isEqualTo(key);
  }
}
