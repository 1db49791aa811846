package dev.maestro.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Every request the {@link EmbeddedApiServer} served, in order, with what was sent and what was answered: the way
 * to assert what a controller costs the API server ("a reconcile of a converged resource sends no write and no
 * read") and, for the table-driven suites, what it changed.
 *
 * <p>Requests of the harness itself (CRD installs, given objects, the emulated garbage collector) are not
 * recorded. Response bodies are kept for writes only, so that a long-running development server does not keep
 * every list it served.
 */
public final class RequestLog {

  private final List<Request> requests = new ArrayList<>();

  synchronized void record(Request request) {
    requests.add(request);
  }

  /** A snapshot of all requests so far. */
  public synchronized List<Request> all() {
    return List.copyOf(requests);
  }

  /** How many requests were served so far; pass it to {@link #since(int)} later. */
  public synchronized int mark() {
    return requests.size();
  }

  /** The requests served after {@code mark}. */
  public synchronized List<Request> since(int mark) {
    return List.copyOf(requests.subList(mark, requests.size()));
  }

  /** Requests after {@code mark} that change state: POST, PUT, PATCH, DELETE. */
  public List<Request> writesSince(int mark) {
    return filter(since(mark), Request::isWrite);
  }

  /** Requests after {@code mark} that read without watching: GETs of one object or of a list. */
  public List<Request> readsSince(int mark) {
    return filter(since(mark), Request::isRead);
  }

  /** Forgets all requests. */
  public synchronized void clear() {
    requests.clear();
  }

  private static List<Request> filter(List<Request> requests, Predicate<Request> predicate) {
    return requests.stream().filter(predicate).toList();
  }

  /**
   * One request and its answer.
   *
   * @param method the HTTP method, upper case
   * @param path the path with its query string
   * @param contentType the request's Content-Type (it tells a JSON patch from a merge patch), or null
   * @param body the request body as sent (JSON for fabric8), or null when there was none
   * @param status the HTTP status answered; 0 when unknown
   * @param responseBody the answer's body for writes, or null (never kept for reads and watches)
   */
  public record Request(String method, String path, @Nullable String contentType, @Nullable String body, int status,
      @Nullable String responseBody) {

    /** A request known only by method and path. */
    public Request(String method, String path) {
      this(method, path, null, null, 0, null);
    }

    /** Whether it changes state. */
    public boolean isWrite() {
      return switch (method.toUpperCase(Locale.ROOT)) {
        case "POST", "PUT", "PATCH", "DELETE" -> true;
        default -> false;
      };
    }

    /** Whether it is a GET that is not a watch. */
    public boolean isRead() {
      return method.equalsIgnoreCase("GET") && !path.contains("watch=true");
    }

    /** Whether the server answered with a 2xx status. */
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }

    /** The resource the request addressed, parsed from its path. */
    public ResourcePath target() {
      return ResourcePath.parse(path);
    }

    @Override
    public String toString() {
      return method + " " + path + (status == 0 ? "" : " -> " + status);
    }
  }
}
