package dev.maestro.benchmarks.server;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a request to the API server is, in Kubernetes' own vocabulary: its verb ({@code get}, {@code list},
 * {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete}, {@code deletecollection}) and the
 * resource it addresses ({@code configmaps}, {@code greetings}, {@code greetings/status}). Parsed from the HTTP
 * method and path only, the way the API server's own audit log names requests.
 *
 * <p>Paths that name no resource (discovery, {@code /version}) are {@code get} of {@code <non-resource>}.
 *
 * @param verb the Kubernetes verb
 * @param resource the plural, with {@code /subresource} when the path addresses one
 */
public record RequestKind(String verb, String resource) {

  /** The resource of paths that name none. */
  public static final String NON_RESOURCE = "<non-resource>";

  /** Parses an HTTP method and a request path with its query string. */
  public static RequestKind of(String method, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    // /api/v1/... or /apis/<group>/<version>/...
    int rest;
    if (parts.length >= 2 && parts[0].equals("api")) {
      rest = 2;
    } else if (parts.length >= 3 && parts[0].equals("apis")) {
      rest = 3;
    } else {
      return new RequestKind(method.toLowerCase(Locale.ROOT), NON_RESOURCE);
    }
    int remaining = parts.length - rest;
    String plural;
    boolean named;
    @Nullable String subresource = null;
    if (remaining >= 3 && parts[rest].equals("namespaces")) {
      plural = parts[rest + 2];
      named = remaining >= 4;
      subresource = remaining >= 5 ? parts[rest + 4] : null;
    } else if (remaining >= 1) {
      plural = parts[rest];
      named = remaining >= 2;
      subresource = remaining >= 3 ? parts[rest + 2] : null;
    } else {
      return new RequestKind(method.toLowerCase(Locale.ROOT), NON_RESOURCE);
    }
    String resource = subresource == null ? plural : plural + "/" + subresource;
    String verb = switch (method.toUpperCase(Locale.ROOT)) {
      case "GET" -> isWatch(query) ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(Locale.ROOT);
    };
    return new RequestKind(verb, resource);
  }

  private static boolean isWatch(String query) {
    for (String parameter : query.split("&")) {
      if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request changes state. */
  public boolean isWrite() {
    return switch (verb) {
      case "create", "update", "patch", "delete", "deletecollection" -> true;
      default -> false;
    };
  }

  /** Whether the request reads without watching: a get or a list. */
  public boolean isRead() {
    return verb.equals("get") || verb.equals("list");
  }

  /** {@code "<verb> <resource>"}, the key of the server's counts. */
  @Override
  public String toString() {
    return verb + " " + resource;
  }
}
