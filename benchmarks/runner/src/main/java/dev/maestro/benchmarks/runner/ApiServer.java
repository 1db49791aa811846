package dev.maestro.benchmarks.runner;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh benchmark API server ({@code benchmarks/server}) in its own JVM, and the runner's view of its counts.
 */
final class ApiServer implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("READY api=(\\d+) stats=(\\d+)");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final JavaProcess process;
  private final int apiPort;
  private final int statsPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiServer(JavaProcess process, int apiPort, int statsPort) {
    this.process = process;
    this.apiPort = apiPort;
    this.statsPort = statsPort;
  }

  /** Starts a server on free loopback ports and waits until it listens. */
  static ApiServer start(Path benchmarksDir, Path log) {
    JavaProcess process = JavaProcess.start("api-server", benchmarksDir.resolve("server"),
        "dev.maestro.benchmarks.server.BenchmarkApiServer", List.of(), List.of(), log);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try {
      while (System.nanoTime() < deadline) {
        process.requireAlive();
        if (Files.exists(log)) {
          Matcher ready = READY.matcher(Files.readString(log));
          if (ready.find()) {
            return new ApiServer(process, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)));
          }
        }
        Thread.sleep(20);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("API server did not start: " + e.getMessage(), e);
    }
    process.close();
    throw new IllegalStateException("API server did not print READY within 60 s:\n" + process.tail(40));
  }

  /** The API server's base URL. */
  String url() {
    return "http://127.0.0.1:" + apiPort + "/";
  }

  JavaProcess process() {
    return process;
  }

  /** The counts so far. */
  @SuppressWarnings("unchecked")
  RequestCounts counts() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/counts")).timeout(Duration.ofSeconds(10))
              .build(), HttpResponse.BodyHandlers.ofString());
      return RequestCounts.fromJson(JSON.unmarshal(response.body(), Map.class));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the API server's counts: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the API server's counts", e);
    }
  }

  /** Kills the server: its counts have been read, and its state is thrown away. */
  @Override
  public void close() {
    process.kill();
  }

}
