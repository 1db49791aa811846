package dev.maestro.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Every request the {@link EmbeddedApiServer} served, in order: the way to assert what a controller costs the API
 * server ("a reconcile of a converged resource sends no write and no read").
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
   * One request.
   *
   * @param method the HTTP method, upper case
   * @param path the path with its query string
   */
  public record Request(String method, String path) {

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

    @Override
    public String toString() {
      return method + " " + path;
    }
  }
}
