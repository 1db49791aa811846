package dev.maestro.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
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

  @Test
  void aStatusClassWithThePolicyFieldsPassesTheCheck() {
    StatusWriter.verify(Fit.class, StatusPolicy.DEFAULT, client.getKubernetesSerialization());
    StatusWriter.verify(GenericKubernetesResource.class, StatusPolicy.DEFAULT, client.getKubernetesSerialization());
  }

  @Test
  void aStatusClassLackingAPolicyFieldFailsTheCheckNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusWriter.verify(Conditionless.class, StatusPolicy.DEFAULT,
            client.getKubernetesSerialization()))
        .withMessageContaining(Conditionless.class.getName()).withMessageContaining("has no field 'conditions'")
        .withMessageContaining("StatusPolicy");
  }

  @Test
  void aStatusFieldJacksonIgnoresFailsTheCheck() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusWriter.verify(Ignoring.class, StatusPolicy.DEFAULT,
            client.getKubernetesSerialization()))
        .withMessageContaining("has no field 'observedGeneration'");
  }

  @Test
  void aVoidStatusFailsTheCheckSayingThereIsNoStatus() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusWriter.verify(Statusless.class, StatusPolicy.DEFAULT,
            client.getKubernetesSerialization()))
        .withMessageContaining("it has no status (is its status type Void?)");
    StatusWriter.verify(Statusless.class, StatusPolicy.DISABLED, client.getKubernetesSerialization());
  }

  @Test
  void aMapStatusIsCheckedThroughTheWholeResourceAndHoldsAnything() {
    StatusWriter.verify(Mapped.class, StatusPolicy.DEFAULT, client.getKubernetesSerialization());
  }

  @Test
  void aStatusPropertyTheResourceAnnotatesIsCheckedThroughTheWholeResource() {
    // the status class holds conditions, but the resource's own getter tells Jackson to drop them
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusWriter.verify(Overriding.class, StatusPolicy.DEFAULT,
            client.getKubernetesSerialization()))
        .withMessageContaining("has no field 'conditions'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusWriter.verify(AnnotatedClass.class, StatusPolicy.DEFAULT,
            client.getKubernetesSerialization()))
        .withMessageContaining("has no field 'observedGeneration'").withMessageContaining("it has no status");
  }

  @Test
  void theStatusPatchAppliesStrictlyToAServerObjectThatHasNoStatusThoughItsClassDefaultsOne() {
    // a real API server stores a new custom resource without status; the typed parent shows its class's default,
    // and a JSON Patch below /status would be refused (422) where /status is missing
    String stored = "{\"apiVersion\":\"example.dev/v1\",\"kind\":\"Defaulted\",\"metadata\":{\"name\":\"t\","
        + "\"namespace\":\"ns\",\"generation\":2,\"resourceVersion\":\"7\"},\"spec\":{}}";
    Defaulted parent = client.getKubernetesSerialization().unmarshal(stored, Defaulted.class);
    assertThat(parent.getStatus().getConditions()).as("the class's default, not the server's").isEmpty();
    Map<String, Object> desired = readyStatus(parent);

    tools.jackson.databind.JsonNode patched = strictlyApplied(DEFAULTED.patch(parent, desired), stored);

    assertThat(patched.at("/status/observedGeneration").asLong()).isEqualTo(2L);
    assertThat(patched.at("/status/conditions/0/type").asString()).isEqualTo("Ready");
    assertThat(patched.at("/status/details/replicas").asInt()).as("a nested default the server lacked").isEqualTo(1);
  }

  @Test
  void aStatusWrittenBeforeIsPatchedFieldByFieldKeepingWhatTheClassDoesNotHoldAndGuardedByTheResourceVersion() {
    String stored = "{\"apiVersion\":\"example.dev/v1\",\"kind\":\"Defaulted\",\"metadata\":{\"name\":\"t\","
        + "\"namespace\":\"ns\",\"generation\":3,\"resourceVersion\":\"9\"},\"spec\":{},"
        + "\"status\":{\"observedGeneration\":2,\"conditions\":[],\"details\":{\"replicas\":4},"
        + "\"rollout\":\"written by a newer version of the operator\"}}";
    Defaulted parent = client.getKubernetesSerialization().unmarshal(stored, Defaulted.class);
    Map<String, Object> desired = readyStatus(parent);

    List<Map<String, Object>> ops = DEFAULTED.patch(parent, desired);
    tools.jackson.databind.JsonNode patched = strictlyApplied(ops, stored);

    assertThat(ops.get(0)).containsEntry("op", "replace").containsEntry("path", "/metadata/resourceVersion")
        .containsEntry("value", "9");
    assertThat(ops.subList(1, ops.size())).extracting(op -> op.get("path"))
        .containsExactlyInAnyOrder("/status/observedGeneration", "/status/conditions");
    assertThat(patched.at("/status/observedGeneration").asLong()).isEqualTo(3L);
    assertThat(patched.at("/status/details/replicas").asInt()).isEqualTo(4);
    assertThat(patched.at("/status/conditions/0/type").asString()).isEqualTo("Ready");
    assertThat(patched.at("/status/rollout").asString()).as("a field this class does not hold")
        .isEqualTo("written by a newer version of the operator");

    // converged: nothing to send
    Defaulted converged = client.getKubernetesSerialization().unmarshal(
        client.getKubernetesSerialization().asJson(patched), Defaulted.class);
    assertThat(DEFAULTED.patch(converged, readyStatus(converged))).isEmpty();
  }

  private static final StatusWriter<Defaulted> DEFAULTED = new StatusWriter<>(client, Defaulted.class,
      StatusPolicy.DEFAULT);

  /** The status a reconcile that succeeded gives {@code parent}: its generation observed, Ready. */
  private static Map<String, Object> readyStatus(Defaulted parent) {
    return DEFAULTED.desired(client.getKubernetesSerialization().clone(parent), List.of(READY));
  }

  /** {@code ops} applied to {@code stored} by fabric8's RFC 6902 implementation, which refuses a missing parent. */
  private static tools.jackson.databind.JsonNode strictlyApplied(List<Map<String, Object>> ops, String stored) {
    tools.jackson.databind.ObjectMapper mapper = new tools.jackson.databind.ObjectMapper();
    return io.fabric8.zjsonpatch.JsonPatch.apply(mapper.valueToTree(ops), mapper.readTree(stored));
  }

  /**
   * A status whose class defaults every part, nested ones included, as typed resources often do; it reads a status
   * holding fields it does not know (fabric8 refuses them otherwise).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class DefaultedStatus extends FitStatus {
    private Details details = new Details();

    public Details getDetails() {
      return details;
    }

    public void setDetails(Details details) {
      this.details = details;
    }
  }

  /** A nested part of a status with a default value. */
  public static class Details {
    private int replicas = 1;

    public int getReplicas() {
      return replicas;
    }

    public void setReplicas(int replicas) {
      this.replicas = replicas;
    }
  }

  /** A resource whose class gives it a status when the server's object has none. */
  @Group("example.dev")
  @Version("v1")
  public static class Defaulted extends CustomResource<Map<String, Object>, DefaultedStatus> {
    @Override
    protected DefaultedStatus initStatus() {
      return new DefaultedStatus();
    }
  }

  /** A status without conditions. */
  public static class ConditionlessStatus {
    private Long observedGeneration;

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }

  /** A status with the default policy's fields, as plain properties. */
  public static class FitStatus extends ConditionlessStatus {
    private List<Condition> conditions = new ArrayList<>();

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }

  /** A status whose observedGeneration Jackson never writes nor reads. */
  public static class IgnoringStatus extends FitStatus {
    @JsonIgnore
    @Override
    public Long getObservedGeneration() {
      return super.getObservedGeneration();
    }
  }

  /** A resource whose status has the default policy's fields. */
  @Group("example.dev")
  @Version("v1")
  public static class Fit extends CustomResource<Map<String, Object>, FitStatus> {
  }

  /** A resource whose status has no conditions. */
  @Group("example.dev")
  @Version("v1")
  public static class Conditionless extends CustomResource<Map<String, Object>, ConditionlessStatus> {
  }

  /** A resource whose status class ignores its observedGeneration. */
  @Group("example.dev")
  @Version("v1")
  public static class Ignoring extends CustomResource<Map<String, Object>, IgnoringStatus> {
  }

  /** A resource without a status. */
  @Group("example.dev")
  @Version("v1")
  public static class Statusless extends CustomResource<Map<String, Object>, Void> {
  }

  /** A resource whose status is a plain map. */
  @Group("example.dev")
  @Version("v1")
  public static class Mapped extends CustomResource<Map<String, Object>, Map<String, Object>> {
  }

  /** A resource whose status getter, overridden, tells Jackson to drop the status's conditions. */
  @Group("example.dev")
  @Version("v1")
  public static class Overriding extends CustomResource<Map<String, Object>, FitStatus> {
    @JsonIgnoreProperties({"conditions"})
    @Override
    public FitStatus getStatus() {
      return super.getStatus();
    }

    @JsonIgnoreProperties({"conditions"})
    @Override
    public void setStatus(FitStatus status) {
      super.setStatus(status);
    }
  }

  /** A resource class that tells Jackson to drop its status. */
  @Group("example.dev")
  @Version("v1")
  @JsonIgnoreProperties({"status"})
  public static class AnnotatedClass extends CustomResource<Map<String, Object>, FitStatus> {
  }
}
