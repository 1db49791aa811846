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
import io.fabric8.mockwebserver.dsl.DelayPathable;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.dsl.Pathable;
import io.fabric8.mockwebserver.dsl.ReturnOrWebsocketable;
import io.fabric8.mockwebserver.dsl.TimesOnceableOrHttpHeaderable;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
 * <p>Every request is recorded in {@link #requests()} with its body and answer, except the harness's own (see
 * {@link #unrecordedClient()}). {@link #inject(Fault) Faults} make chosen requests fail, to test error paths.
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
  private final List<InjectedFault> faults = new CopyOnWriteArrayList<>();
  /** Runs the mock server's watch-close handling off its event loop; see {@link CloseOffEventLoop}. */
  private volatile java.util.concurrent.ExecutorService watchCloser = newWatchCloser();
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
    if (watchCloser.isShutdown()) {
      watchCloser = newWatchCloser();
    }
    // concurrent: expectations are added from test threads while the server's event loop reads them
    Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new RecordingDispatcher(responses), false);
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

  /**
   * A new client for this server with {@link #config()} adjusted by {@code customizer} (a short request timeout,
   * say), closed with the server.
   */
  public synchronized KubernetesClient client(UnaryOperator<ConfigBuilder> customizer) {
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(customizer.apply(new ConfigBuilder(config())).build()).build();
    clients.add(client);
    return client;
  }

  /**
   * A new client whose requests are neither recorded in {@link #requests()} nor failed by {@link Fault faults}:
   * for a test's own set-up and checks, so that they never count as the code under test's. Closed with the
   * server.
   */
  public synchronized KubernetesClient unrecordedClient() {
    KubernetesClient client = internalClient();
    clients.add(client);
    return client;
  }

  /** Every request served so far. */
  public RequestLog requests() {
    return requests;
  }

  /**
   * Arms {@code fault}: the matching requests that follow fail as it says, until it is spent or
   * {@linkplain InjectedFault#remove() removed}. Faults are tried in the order they were injected. The failure is
   * served through {@link #expect()}, the mock server's own expectations.
   *
   * @throws IllegalArgumentException when the fault does not say how it fails
   */
  public InjectedFault inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (fault.status() == 0) {
      throw new IllegalArgumentException("The fault '" + fault + "' does not say how it fails: call failWith(status)"
          + " or timeOut()");
    }
    InjectedFault injected = new InjectedFault(fault);
    faults.add(injected);
    return injected;
  }

  /** Disarms every fault. */
  public void clearFaults() {
    faults.forEach(InjectedFault::remove);
    faults.clear();
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
    clearFaults();
    collectors.forEach(GarbageCollector::close);
    collectors.clear();
    clients.forEach(KubernetesClient::close);
    clients.clear();
    if (server != null) {
      server.destroy();
      server = null;
    }
    watchCloser.shutdown();
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

  private static java.util.concurrent.ExecutorService newWatchCloser() {
    return java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "embedded-api-server-watch-close");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Fails the request with {@code fault} by registering a one-off expectation for exactly its method and path. */
  private void answerWithFault(Fault fault, RecordedRequest request, ResourcePath path, @Nullable String createdName) {
    MockServerExpectation expectation = running().expect();
    DelayPathable<ReturnOrWebsocketable<TimesOnceableOrHttpHeaderable<Void>>> method =
        switch (request.getMethod().toUpperCase(java.util.Locale.ROOT)) {
          case "POST" -> expectation.post();
          case "PUT" -> expectation.put();
          case "PATCH" -> expectation.patch();
          case "DELETE" -> expectation.delete();
          default -> expectation.get();
        };
    // a time-out is an answer held back far longer than the client waits; the mock server delays it on a timer
    Pathable<ReturnOrWebsocketable<TimesOnceableOrHttpHeaderable<Void>>> delayed = fault.isTimeout()
        ? method.delay(Fault.TIMEOUT_HOLD.toMillis())
        : method;
    delayed.withPath(request.getPath())
        .andReturn(fault.status(), fault.statusBody(path, createdName))
        .withHeader("Content-Type", "application/json")
        .once();
  }

  private @Nullable InjectedFault faultFor(String method, ResourcePath path, @Nullable String createdName) {
    for (InjectedFault fault : faults) {
      if (fault.fault().matches(method, path, createdName) && fault.tryFire()) {
        return fault;
      }
    }
    return null;
  }

  private static @Nullable String text(io.fabric8.mockwebserver.http.@Nullable Buffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = buffer.getBytes();
    return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static @Nullable String createdName(@Nullable String body) {
    if (body == null) {
      return null;
    }
    try {
      Object tree = SERIALIZATION.unmarshal(body, Map.class);
      if (tree instanceof Map<?, ?> map && map.get("metadata") instanceof Map<?, ?> metadata
          && metadata.get("name") instanceof String name) {
        return name;
      }
    } catch (RuntimeException e) {
      log.debug("Request body is not JSON; no name to match faults with", e);
    }
    return null;
  }

  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization SERIALIZATION =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  /** The CRUD dispatcher: fails requests an armed fault matches, serves the rest, and records both. */
  private final class RecordingDispatcher extends KubernetesMixedDispatcher {

    RecordingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getHeader(INTERNAL_HEADER) != null) {
        MockResponse response = super.dispatch(request);
        if (response.getWebSocketListener() != null) {
          response.withWebSocketUpgrade(new CloseOffEventLoop(response.getWebSocketListener(), watchCloser));
        }
        return response;
      }
      String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
      String body = text(request.getBody());
      if (!faults.isEmpty()) {
        ResourcePath path = ResourcePath.parse(request.getPath());
        String createdName = method.equals("POST") ? createdName(body) : null;
        InjectedFault fault = faultFor(method, path, createdName);
        if (fault != null) {
          log.debug("Injecting fault: {} answers {} {}", fault.fault(), method, request.getPath());
          answerWithFault(fault.fault(), request, path, createdName);
        }
      }
      MockResponse response = super.dispatch(request);
      if (response.getWebSocketListener() != null) {
        response.withWebSocketUpgrade(new CloseOffEventLoop(response.getWebSocketListener(), watchCloser));
      }
      RequestLog.Request recorded = new RequestLog.Request(method, request.getPath(),
          request.getHeader("Content-Type"), body, response.code(),
          isWrite(method) ? text(response.getBody()) : null);
      requests.record(recorded);
      return response;
    }

    private static boolean isWrite(String method) {
      return switch (method) {
        case "POST", "PUT", "PATCH", "DELETE" -> true;
        default -> false;
      };
    }
  }

  /**
   * Works around a deadlock of the mock server (fabric8 8.0.0): when a client closes a watch while an event is
   * being sent on it, the watch's {@code onClosed} waits on the server's event loop for the sending thread, which
   * itself waits for the event loop to finish the write; the server then stalls for up to 30 seconds. Running
   * {@code onClosed} and {@code onFailure} on another thread lets the event loop finish the write.
   */
  private static final class CloseOffEventLoop extends io.fabric8.mockwebserver.http.WebSocketListener {

    private final io.fabric8.mockwebserver.http.WebSocketListener delegate;
    private final java.util.concurrent.Executor closer;

    CloseOffEventLoop(io.fabric8.mockwebserver.http.WebSocketListener delegate, java.util.concurrent.Executor closer) {
      this.delegate = delegate;
      this.closer = closer;
    }

    @Override
    public void onBeforeAccept(io.fabric8.mockwebserver.http.WebSocket webSocket,
        io.fabric8.mockwebserver.http.Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(io.fabric8.mockwebserver.http.WebSocket webSocket,
        io.fabric8.mockwebserver.http.Response response) {
      delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(io.fabric8.mockwebserver.http.WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(io.fabric8.mockwebserver.http.WebSocket webSocket,
        io.fabric8.mockwebserver.http.ByteString bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(io.fabric8.mockwebserver.http.WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onPing(io.fabric8.mockwebserver.http.WebSocket webSocket, byte[] bytes) {
      delegate.onPing(webSocket, bytes);
    }

    @Override
    public void onClosing(io.fabric8.mockwebserver.http.WebSocket webSocket, int code, String reason) {
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(io.fabric8.mockwebserver.http.WebSocket webSocket, int code, String reason) {
      runOrInline(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(io.fabric8.mockwebserver.http.WebSocket webSocket, Throwable error,
        io.fabric8.mockwebserver.http.Response response) {
      runOrInline(() -> delegate.onFailure(webSocket, error, response));
    }

    private void runOrInline(Runnable action) {
      try {
        closer.execute(action);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        action.run();
      }
    }
  }
}
