package dev.maestro.autoconfigure.actuate;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * A fabric8 HTTP {@link Interceptor} that counts the client's requests to the API server in
 * {@value #REQUESTS}, tagged with the Kubernetes {@code verb} ({@code get}, {@code list}, {@code watch},
 * {@code create}, {@code update}, {@code patch}, {@code delete}, {@code deletecollection}), the {@code resource}
 * (the plural, e.g. {@code configmaps}), the {@code subresource} ({@code status}, or {@code none}) and the response
 * {@code code} ({@code CLIENT_ERROR} when no response came, e.g. the server was unreachable).
 *
 * <p>Every attempt counts: a request fabric8 retries is counted once per try. Watches are counted when they are
 * opened, not per event. Paths that are not resource paths (discovery, {@code /version}) count with resource
 * {@code none}.
 */
public final class KubernetesRequestMetrics implements Interceptor {

  /** The name of the request counter. */
  public static final String REQUESTS = "maestro.kubernetes.requests";

  /** The name under which the interceptor is added to fabric8's HTTP client. */
  public static final String INTERCEPTOR = "maestro-request-metrics";

  static final String CLIENT_ERROR = "CLIENT_ERROR";

  private final Meter.MeterProvider<Counter> requests;

  /** Counts requests in {@code registry}. */
  public KubernetesRequestMetrics(MeterRegistry registry) {
    this.requests = Counter.builder(REQUESTS)
        .description("Requests of the Kubernetes client to the API server")
        .withRegistry(registry);
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    count(request, Integer.toString(response.code()));
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    count(request, CLIENT_ERROR);
  }

  private void count(HttpRequest request, String code) {
    ApiRequest api = ApiRequest.of(request.method(), request.uri());
    requests.withTags("verb", api.verb(), "resource", api.resource(), "subresource", api.subresource(),
        "code", code).increment();
  }

  /**
   * What a request does, in the API server's terms.
   *
   * @param verb the Kubernetes verb
   * @param resource the resource's plural, or {@code none}
   * @param subresource the subresource, or {@code none}
   */
  record ApiRequest(String verb, String resource, String subresource) {

    static final String NONE = "none";

    /**
     * Parses {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} and the same under
     * {@code /apis/{group}/{version}}.
     */
    static ApiRequest of(String method, URI uri) {
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String[] all = path.replaceAll("^/+|/+$", "").split("/+");
      int base;
      if (all.length >= 2 && all[0].equals("api")) {
        base = 2;
      } else if (all.length >= 3 && all[0].equals("apis")) {
        base = 3;
      } else {
        return new ApiRequest(verb(method, uri, false), NONE, NONE);
      }
      List<String> segments = List.of(all).subList(base, all.length);
      String resource;
      String name = null;
      String subresource = NONE;
      boolean namespacesItself = segments.size() <= 2
          || (segments.size() == 3 && (segments.get(2).equals("status") || segments.get(2).equals("finalize")));
      if (segments.isEmpty()) {
        return new ApiRequest(verb(method, uri, false), NONE, NONE);
      } else if (segments.get(0).equals("namespaces") && !namespacesItself) {
        resource = segments.get(2);
        name = segments.size() > 3 ? segments.get(3) : null;
        subresource = segments.size() > 4 ? segments.get(4) : NONE;
      } else {
        resource = segments.get(0);
        name = segments.size() > 1 ? segments.get(1) : null;
        subresource = segments.size() > 2 ? segments.get(2) : NONE;
      }
      return new ApiRequest(verb(method, uri, name != null), resource, subresource);
    }

    private static String verb(String method, URI uri, boolean named) {
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      return switch (method.toUpperCase(Locale.ROOT)) {
        case "GET" -> query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : named ? "get" : "list";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> named ? "delete" : "deletecollection";
        default -> method.toLowerCase(Locale.ROOT);
      };
    }
  }
}
