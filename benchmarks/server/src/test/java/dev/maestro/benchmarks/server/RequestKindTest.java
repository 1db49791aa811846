package dev.maestro.benchmarks.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestKindTest {

  @ParameterizedTest(name = "{0} {1} is {2} {3}")
  @CsvSource({
      "GET,    /api/v1/namespaces/ns-1/configmaps/a-greeting,                              get,    configmaps",
      "GET,    /api/v1/configmaps?resourceVersion=0,                                      list,   configmaps",
      "GET,    /api/v1/configmaps?allowWatchBookmarks=true&watch=true&resourceVersion=7,  watch,  configmaps",
      "GET,    /api/v1/namespaces/ns-1/configmaps?watch=1,                                 watch,  configmaps",
      "POST,   /api/v1/namespaces/ns-1/configmaps,                                         create, configmaps",
      "PUT,    /api/v1/namespaces/ns-1/configmaps/a-greeting,                              update, configmaps",
      "PATCH,  /apis/samples.maestro.dev/v1/namespaces/ns-1/greetings/a/status,             patch,  greetings/status",
      "PUT,    /apis/samples.maestro.dev/v1/namespaces/ns-1/greetings/a/status,             update, greetings/status",
      "GET,    /apis/samples.maestro.dev/v1/greetings,                                     list,   greetings",
      "DELETE, /apis/samples.maestro.dev/v1/namespaces/ns-1/greetings/a,                    delete, greetings",
      "DELETE, /apis/samples.maestro.dev/v1/namespaces/ns-1/greetings,                      deletecollection, greetings",
      "POST,   /apis/apiextensions.k8s.io/v1/customresourcedefinitions,                     create, customresourcedefinitions",
      "GET,    /apis/apiextensions.k8s.io/v1/customresourcedefinitions/greetings.samples.maestro.dev, get, customresourcedefinitions",
      "GET,    /api/v1/namespaces/ns-1,                                                    get,    namespaces",
      "GET,    /version,                                                                   get,    <non-resource>",
      "GET,    /apis,                                                                      get,    <non-resource>",
  })
  void requestsAreNamedByVerbAndResource(String method, String path, String verb, String resource) {
    assertThat(RequestKind.of(method, path)).isEqualTo(new RequestKind(verb, resource));
  }

  @ParameterizedTest(name = "{0} is a write: {1}, a read: {2}")
  @CsvSource({
      "create, true,  false",
      "update, true,  false",
      "patch,  true,  false",
      "delete, true,  false",
      "get,    false, true",
      "list,   false, true",
      "watch,  false, false",
  })
  void watchesAreNeitherReadsNorWrites(String verb, boolean write, boolean read) {
    RequestKind kind = new RequestKind(verb, "configmaps");
    assertThat(kind.isWrite()).isEqualTo(write);
    assertThat(kind.isRead()).isEqualTo(read);
  }
}
