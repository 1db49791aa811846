package dev.maestro.benchmarks.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's API server: fabric8's mock server in CRUD mode (the embedded server of Maestro's tests), in its own
 * process on loopback, so that neither operator shares a JVM with it. Every request it serves is counted by verb and
 * resource ({@link RequestCounter}); the counts are served as JSON on a second port: {@code GET /counts}.
 * {@code POST /shutdown} stops the process.
 *
 * <p>Usage: {@code BenchmarkApiServer [--port P] [--stats-port S]} (0, the default, picks free ports). Once both
 * listen it prints one line {@code READY api=<port> stats=<port>} on standard output.
 */
public final class BenchmarkApiServer {

  /**
   * The mock server logs every request through java.util.logging at INFO, which would cost more than serving it.
   * Held in a field: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private BenchmarkApiServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = intArgument(args, "--port", 0);
    int statsPort = intArgument(args, "--stats-port", 0);
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);

    RequestCounter counter = new RequestCounter();
    Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
    KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new CountingDispatcher(responses, counter), false);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    api.init(loopback, port);

    CountDownLatch stopped = new CountDownLatch(1);
    HttpServer stats = HttpServer.create(new InetSocketAddress(loopback, statsPort), 0);
    stats.createContext("/counts", exchange -> answer(exchange, 200, counter.toJson()));
    stats.createContext("/shutdown", exchange -> {
      answer(exchange, 200, "{}");
      stopped.countDown();
    });
    stats.start();
    System.out.println("READY api=" + api.getPort() + " stats=" + stats.getAddress().getPort());
    System.out.flush();

    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
    stats.stop(0);
    api.destroy();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static int intArgument(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  /** The CRUD dispatcher, counting each request before it serves it. */
  static final class CountingDispatcher extends KubernetesMixedDispatcher {

    private final RequestCounter counter;

    CountingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, RequestCounter counter) {
      super(responses);
      this.counter = counter;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      boolean loadgen = request.getHeader(RequestCounter.LOADGEN_HEADER) != null;
      counter.count(request.getMethod(), request.getPath(), loadgen);
      MockResponse response = super.dispatch(request);
      counter.failed(request.getMethod(), request.getPath(), loadgen, response.code());
      return response;
    }
  }
}
