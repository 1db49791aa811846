package dev.maestro.test.k3s;

import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import io.fabric8.kubernetes.client.Config;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.testcontainers.k3s.K3sContainer;

/**
 * Makes a Testcontainers {@link K3sContainer} annotated with {@code @ServiceConnection} the cluster of a test's
 * application: its kubeconfig becomes the {@link KubernetesConnectionDetails} the fabric8 client is built from.
 *
 * <pre>{@code
 * @Container
 * @ServiceConnection
 * static final K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.32.2-k3s1"));
 * }</pre>
 *
 * Registered in {@code META-INF/spring.factories}; used only when spring-boot-testcontainers and
 * testcontainers-k3s are on the test classpath.
 */
class K3sConnectionDetailsFactory extends ContainerConnectionDetailsFactory<K3sContainer, KubernetesConnectionDetails> {

  K3sConnectionDetailsFactory() {
    super(ANY_CONNECTION_NAME, "org.testcontainers.k3s.K3sContainer", "io.fabric8.kubernetes.client.Config");
  }

  @Override
  protected KubernetesConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<K3sContainer> source) {
    return new K3sConnectionDetails(source);
  }

  /** A fabric8 configuration from a kubeconfig, as K3s writes it. */
  static Config fromKubeconfig(String kubeconfig) {
    return Config.fromKubeconfig(kubeconfig);
  }

  /** The connection details of a started K3s container. */
  static final class K3sConnectionDetails extends ContainerConnectionDetails<K3sContainer>
      implements KubernetesConnectionDetails {

    K3sConnectionDetails(ContainerConnectionSource<K3sContainer> source) {
      super(source);
    }

    @Override
    public Config getConfig() {
      return fromKubeconfig(getContainer().getKubeConfigYaml());
    }
  }
}
