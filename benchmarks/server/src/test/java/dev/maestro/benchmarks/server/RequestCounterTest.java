package dev.maestro.benchmarks.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCounterTest {

  @Test
  void loadGeneratorRequestsAreCountedApartFromTheOperators() {
    RequestCounter counter = new RequestCounter();
    counter.count("POST", "/apis/samples.maestro.dev/v1/namespaces/ns-0/greetings", true);
    counter.count("POST", "/api/v1/namespaces/ns-0/configmaps", false);
    counter.count("POST", "/api/v1/namespaces/ns-0/configmaps", false);
    counter.count("GET", "/api/v1/configmaps?watch=true", false);

    assertThat(counter.toJson())
        .startsWith("{\"operator\":{\"create configmaps\":2,\"watch configmaps\":1},"
            + "\"loadgen\":{\"create greetings\":1},");
  }

  @Test
  void theFirstOperatorWriteIsTimedAndLoadGeneratorWritesAreNot() {
    RequestCounter counter = new RequestCounter();
    counter.count("POST", "/apis/samples.maestro.dev/v1/namespaces/ns-0/greetings", true);
    counter.count("GET", "/api/v1/configmaps", false);
    assertThat(counter.toJson()).contains("\"first_write_epoch_ms\":0,");

    long before = System.currentTimeMillis();
    counter.count("PATCH", "/apis/samples.maestro.dev/v1/namespaces/ns-0/greetings/g/status", false);
    String json = counter.toJson();
    long first = Long.parseLong(json.replaceAll(".*\"first_write_epoch_ms\":(\\d+).*", "$1"));
    assertThat(first).isGreaterThanOrEqualTo(before);
  }
}
