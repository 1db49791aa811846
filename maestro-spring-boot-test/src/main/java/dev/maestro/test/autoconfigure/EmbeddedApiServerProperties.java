package dev.maestro.test.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration of the embedded API server of tests ({@code maestro.test.api-server.*}). */
@ConfigurationProperties("maestro.test.api-server")
public class EmbeddedApiServerProperties {

  /** Port of the embedded API server on 127.0.0.1; 0 picks a free one. */
  private int port;

  /**
   * Resource locations of the CustomResourceDefinitions to install when the server starts; patterns such as
   * {@code classpath*:} are allowed. By default the CRDs fabric8's generator writes: every
   * {@code classpath*:META-INF/fabric8/*-v1.yml}.
   */
  private List<String> crds = new ArrayList<>(List.of("classpath*:META-INF/fabric8/*-v1.yml"));

  /** The port; 0 for a free one. */
  public int getPort() {
    return port;
  }

  /** Sets the port; 0 for a free one. */
  public void setPort(int port) {
    this.port = port;
  }

  /** The CRD resource locations. */
  public List<String> getCrds() {
    return crds;
  }

  /** Sets the CRD resource locations. */
  public void setCrds(List<String> crds) {
    this.crds = crds;
  }
}
