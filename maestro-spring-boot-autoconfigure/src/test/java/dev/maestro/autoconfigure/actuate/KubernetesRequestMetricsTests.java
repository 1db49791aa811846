package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.autoconfigure.actuate.KubernetesRequestMetrics.ApiRequest;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How an API request is named in {@code maestro.kubernetes.requests}: its verb, resource and subresource. */
class KubernetesRequestMetricsTests {

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("get of a namespaced object", "GET", "/api/v1/namespaces/ns/configmaps/cm", "get",
            "configmaps", "none"),
        Arguments.of("list in a namespace", "GET", "/api/v1/namespaces/ns/configmaps?limit=500", "list",
            "configmaps", "none"),
        Arguments.of("list across namespaces", "GET", "/api/v1/configmaps", "list", "configmaps", "none"),
        Arguments.of("watch", "GET", "/apis/samples.maestro.dev/v1/namespaces/ns/greetings?allowWatchBookmarks=true"
            + "&resourceVersion=12&watch=true", "watch", "greetings", "none"),
        Arguments.of("create of a custom resource", "POST", "/apis/samples.maestro.dev/v1/namespaces/ns/greetings",
            "create", "greetings", "none"),
        Arguments.of("update", "PUT", "/api/v1/namespaces/ns/configmaps/cm", "update", "configmaps", "none"),
        Arguments.of("status patch", "PATCH", "/apis/samples.maestro.dev/v1/namespaces/ns/greetings/hello/status",
            "patch", "greetings", "status"),
        Arguments.of("delete", "DELETE", "/api/v1/namespaces/ns/configmaps/cm", "delete", "configmaps", "none"),
        Arguments.of("delete of a collection", "DELETE", "/api/v1/namespaces/ns/configmaps", "deletecollection",
            "configmaps", "none"),
        Arguments.of("cluster-scoped object", "GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x",
            "get", "customresourcedefinitions", "none"),
        Arguments.of("list of namespaces", "GET", "/api/v1/namespaces", "list", "namespaces", "none"),
        Arguments.of("get of a namespace", "GET", "/api/v1/namespaces/ns", "get", "namespaces", "none"),
        Arguments.of("namespace status", "PUT", "/api/v1/namespaces/ns/status", "update", "namespaces", "status"),
        Arguments.of("core event create", "POST", "/api/v1/namespaces/ns/events", "create", "events", "none"),
        Arguments.of("discovery", "GET", "/apis", "list", "none", "none"),
        Arguments.of("version", "GET", "/version", "list", "none", "none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestIsNamedByVerbResourceAndSubresource(String description, String method, String path, String verb,
      String resource, String subresource) {
    assertThat(ApiRequest.of(method, URI.create("http://127.0.0.1:6443" + path)))
        .isEqualTo(new ApiRequest(verb, resource, subresource));
  }
}
