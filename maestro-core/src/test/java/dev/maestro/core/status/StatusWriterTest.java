package dev.maestro.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How the writer reads the status it compares with: only the status, whatever shape it has. */
class StatusWriterTest {

  // only its serialization is used: no request is sent
  private static final KubernetesClient client = new KubernetesClientBuilder()
      .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1/").build()).build();

  private static final Condition READY = new ConditionBuilder().withType("Ready").withStatus("True")
      .withReason("Reconciled").withMessage("").withLastTransitionTime("2020-01-01T00:00:00Z").build();

  @AfterAll
  static void close() {
    client.close();
  }

  private static GenericKubernetesResource parent(Object status) {
    GenericKubernetesResource parent = new GenericKubernetesResourceBuilder().withApiVersion("example.dev/v1")
        .withKind("Thing").withNewMetadata().withName("t").withNamespace("ns").withGeneration(3L).endMetadata()
        .build();
    if (status != null) {
      parent.setAdditionalProperty("status", status);
    }
    return parent;
  }

  @Test
  void anObjectStatusKeepsItsOtherFieldsBesideThePolicyFields() {
    StatusWriter<GenericKubernetesResource> writer =
        new StatusWriter<>(client, GenericKubernetesResource.class, StatusPolicy.DEFAULT);

    Map<String, Object> desired = writer.desired(parent(Map.of("url", "http://x")), List.of(READY));

    assertThat(desired).containsEntry("url", "http://x").containsEntry("observedGeneration", 3L)
        .containsKey("conditions");
  }

  @Test
  void aStatusThatIsNoObjectIsReplacedInsteadOfFailingEveryReconcile() {
    StatusWriter<GenericKubernetesResource> writer =
        new StatusWriter<>(client, GenericKubernetesResource.class, StatusPolicy.DEFAULT);

    for (Object odd : List.of("pending", 42, List.of("a"))) {
      Map<String, Object> desired = writer.desired(parent(odd), List.of(READY));

      assertThat(desired).containsEntry("observedGeneration", 3L).containsKey("conditions");
      assertThat(writer.conditionsOf(parent(odd))).isEmpty();
    }
  }

  @Test
  void theConditionsAreReadFromTheStatusAlone() {
    StatusWriter<GenericKubernetesResource> writer =
        new StatusWriter<>(client, GenericKubernetesResource.class, StatusPolicy.DEFAULT);
    Map<String, Object> status = Map.of("conditions", List.of(client.getKubernetesSerialization()
        .convertValue(READY, Map.class)));

    assertThat(writer.conditionsOf(parent(status))).singleElement()
        .satisfies(condition -> assertThat(condition.getReason()).isEqualTo("Reconciled"));
  }
}
