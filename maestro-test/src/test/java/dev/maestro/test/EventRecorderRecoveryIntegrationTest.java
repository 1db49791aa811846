package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.core.event.EventRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event recorder when the Event it aggregates into is gone, against the embedded API server. */
class EventRecorderRecoveryIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create();

  private static int counter;

  private KubernetesClient client;
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "evrec" + (++counter);
  }

  private List<Event> events() {
    return server.unrecordedClient().v1().events().inNamespace(namespace).list().getItems();
  }

  @Test
  void eventRecurringAfterItsEventObjectExpiredIsRecordedAgain() {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("subject").endMetadata().build()).create();
    EventRecorder recorder = new EventRecorder(client, "tests");

    recorder.warning(about, "Broken", "it broke");
    recorder.warning(about, "Broken", "it broke");
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));

    // the API server deletes events after their TTL (an hour by default); someone may also delete them
    server.unrecordedClient().v1().events().inNamespace(namespace).delete();
    assertThat(events()).isEmpty();

    recorder.warning(about, "Broken", "it broke");
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo("Broken");
      assertThat(e.getMessage()).isEqualTo("it broke");
      assertThat(e.getCount()).isEqualTo(1);
    });
    recorder.warning(about, "Broken", "it broke");
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
  }
}
