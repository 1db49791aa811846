package dev.maestro.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Kubernetes API server: fabric8's mock server in CRUD mode, in this JVM, answering real HTTP on
 * loopback. It stores what is created, serves gets, lists and watches, the status subresource, JSON and JSON
 * merge patches, generateName, and finalizers that hold back a delete.
 *
 * <p>What it does not do, where tests must not rely on it (see FACTS.md of the project): no garbage collection by
 * owner references, no server-side apply and no strategic merge patch (415), no admission webhooks, no API
 * discovery (so {@code kubectl} needs a hand-made kubeconfig and may not work for every verb; curl and fabric8
 * work).
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension static EmbeddedApiServer server = EmbeddedApiServer.create();})
 * it starts before the class's tests and stops after them, and injects a {@link KubernetesClient} into test
 * method parameters. Standalone, call {@link #start()} and {@link #close()}.
 */
public final class EmbeddedApiServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedApiServer.class);

  private final int port;
  private final RequestLog requests = new RequestLog();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final List<Consumer<EmbeddedApiServer>> onStart = new ArrayList<>();
  private final List<GarbageCollector> collectors = new ArrayList<>();
  private @Nullable KubernetesMockServer server;

  /** Requests with this header come from the harness itself and are not recorded. */
  static final String INTERNAL_HEADER = "X-Maestro-Test-Internal";

  private EmbeddedApiServer(int port) {
    this.port = port;
  }

  /** A server on a random free port. */
  public static EmbeddedApiServer create() {
    return new EmbeddedApiServer(0);
  }

  /** A server on {@code port} of 127.0.0.1; 0 picks a free port. */
  public static EmbeddedApiServer onPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    return new EmbeddedApiServer(port);
  }

  /** Runs {@code action} each time the server starts (install CRDs, seed objects). */
  public EmbeddedApiServer onStart(Consumer<EmbeddedApiServer> action) {
    onStart.add(action);
    return this;
  }

  /** Starts the server and logs its URL; a no-op when it runs. */
  public synchronized EmbeddedApiServer start() {
    if (server != null) {
      return this;
    }
    // the mock server logs every request through java.util.logging at INFO; our RequestLog keeps them instead
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new RecordingDispatcher(responses, requests), false);
    try {
      mock.init(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Embedded API server could not listen on port " + port + ": " + e.getMessage(),
          e);
    }
    server = mock;
    log.info("Embedded API server listening on {} (for example: curl {}api/v1/namespaces/default/configmaps)", url(),
        url());
    onStart.forEach(action -> action.accept(this));
    return this;
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234/}. */
  public String url() {
    return running().url("/");
  }

  /** The port the server listens on. */
  public int port() {
    return running().getPort();
  }

  /** A fabric8 client configuration for this server, ignoring any kubeconfig of the machine. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /**
   * A new client for this server, closed with the server. It does not retry failed requests, so that a fault a
   * test injects reaches the code under test.
   */
  public synchronized KubernetesClient client() {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
    clients.add(client);
    return client;
  }

  /** Every request served so far. */
  public RequestLog requests() {
    return requests;
  }

  /**
   * Expectations served before the stored objects, to inject faults:
   * {@code server.expect().post().withPath("/api/v1/namespaces/ns/configmaps").andReturn(500, "boom").once()}.
   */
  public MockServerExpectation expect() {
    return running().expect();
  }

  /** Registers a CustomResourceDefinition, so that its resources are served. */
  public EmbeddedApiServer installCrd(CustomResourceDefinition crd) {
    try (KubernetesClient client = internalClient()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    return this;
  }

  /**
   * Registers the CustomResourceDefinitions in a YAML resource on the classpath, such as the ones fabric8's CRD
   * generator writes to {@code META-INF/fabric8/<plural>.<group>-v1.yml}.
   */
  public EmbeddedApiServer installCrds(String classpathResource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream yaml = loader.getResourceAsStream(classpathResource)) {
      if (yaml == null) {
        throw new IllegalArgumentException("No CRD on the classpath at " + classpathResource
            + " (does the build run the CRD generator?)");
      }
      try (KubernetesClient client = internalClient()) {
        for (HasMetadata item : client.load(yaml).items()) {
          if (!(item instanceof CustomResourceDefinition crd)) {
            throw new IllegalArgumentException(classpathResource + " holds a " + item.getKind()
                + ", not a CustomResourceDefinition");
          }
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Emulates owner-reference garbage collection, which the embedded server lacks: once the server runs, deleting
   * an {@code ownerType} object deletes the objects of {@code dependentTypes} in its namespace whose owner
   * references name it. Call before {@link #start()}; its requests are not recorded in {@link #requests()}.
   */
  @SafeVarargs
  public final EmbeddedApiServer collectGarbage(Class<? extends HasMetadata> ownerType,
      Class<? extends HasMetadata>... dependentTypes) {
    return onStart(server -> {
      GarbageCollector collector = new GarbageCollector(server.internalClient(), List.of(dependentTypes));
      collector.watchOwners(ownerType);
      synchronized (server) {
        server.collectors.add(collector);
      }
    });
  }

  private KubernetesClient internalClient() {
    Config config = config();
    config.setCustomHeaders(Map.of(INTERNAL_HEADER, "true"));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Stops the server and closes the clients it handed out. */
  @Override
  public synchronized void close() {
    collectors.forEach(GarbageCollector::close);
    collectors.clear();
    clients.forEach(KubernetesClient::close);
    clients.clear();
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == EmbeddedApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedApiServer.class ? this : client();
  }

  private KubernetesMockServer running() {
    KubernetesMockServer running = server;
    if (running == null) {
      throw new IllegalStateException("The embedded API server is not running: call start() first");
    }
    return running;
  }

  /** The CRUD dispatcher, recording each request before serving it. */
  private static final class RecordingDispatcher extends KubernetesMixedDispatcher {

    private final RequestLog requests;

    RecordingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, RequestLog requests) {
      super(responses);
      this.requests = requests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getHeader(INTERNAL_HEADER) == null) {
        requests.record(new RequestLog.Request(request.getMethod(), request.getPath()));
      }
      return super.dispatch(request);
    }
  }
}
