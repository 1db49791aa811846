package dev.maestro.test.table;

import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.function.Function;

/**
 * What a case's hooks see: the server, an unrecorded client (its requests never count as the code's) and the
 * namespaces the case runs in. Each case runs in namespaces of its own; {@link #namespace(String)} gives the
 * real name of the namespace a case calls {@code default} (or anything else).
 */
public final class CaseContext {

  private final String name;
  private final EmbeddedApiServer server;
  private final KubernetesClient client;
  private final Function<String, String> namespaces;
  private final String defaultNamespace;
  private final Instant now;

  CaseContext(String name, EmbeddedApiServer server, KubernetesClient client, Function<String, String> namespaces,
      String defaultNamespace, Instant now) {
    this.name = name;
    this.server = server;
    this.client = client;
    this.namespaces = namespaces;
    this.defaultNamespace = defaultNamespace;
    this.now = now;
  }

  /** The case's name. */
  public String name() {
    return name;
  }

  /** The embedded API server of the suite. */
  public EmbeddedApiServer server() {
    return server;
  }

  /** A client whose requests are neither recorded nor failed by faults. */
  public KubernetesClient client() {
    return client;
  }

  /** The namespace on the server that the case calls {@code logical}. */
  public String namespace(String logical) {
    return namespaces.apply(logical);
  }

  /** The namespace on the server that stands for the suite's default namespace. */
  public String namespace() {
    return namespaces.apply(defaultNamespace);
  }

  /** The case's fixed "now". */
  public Instant now() {
    return now;
  }
}
