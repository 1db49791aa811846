package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.client.Config;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Kubernetes API server is and how to authenticate: the client bean is built from this. By default it is
 * fabric8's auto-configuration (kubeconfig, then in-cluster service account); a test or a development launcher
 * defines its own bean to point Maestro at another cluster, such as the embedded API server or a K3s container.
 */
@FunctionalInterface
public interface KubernetesConnectionDetails extends ConnectionDetails {

  /** The fabric8 client configuration. */
  Config getConfig();
}
