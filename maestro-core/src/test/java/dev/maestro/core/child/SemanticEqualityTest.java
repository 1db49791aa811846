package dev.maestro.core.child;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default comparison against objects as a real API server returns them (canonical forms, dropped fields). */
class SemanticEqualityTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Deployment deployment(String cpu, String memory, Boolean hostNetwork, Integer minReadySeconds) {
    return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withMinReadySeconds(minReadySeconds).withNewTemplate().withNewSpec()
        .withHostNetwork(hostNetwork)
        .addNewContainer().withName("web").withImage("nginx").withNewResources()
        .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
        .endResources().endContainer().endSpec().endTemplate().endSpec().build();
  }

  @Test
  void quantitiesTheServerWroteInCanonicalFormAreHeld() {
    Deployment desired = deployment("0.5", "1024Mi", null, null);
    Deployment stored = deployment("500m", "1Gi", null, null);

    assertThat(SemanticEquality.desiredFieldsMatch(desired, stored, JSON)).isTrue();
    assertThat(SemanticEquality.desiredFieldsMatch(desired, deployment("400m", "1Gi", null, null), JSON)).isFalse();
  }

  @Test
  void aFalseOrZeroTheStoredObjectLacksIsADifference() {
    // absence is not false for many fields (automountServiceAccountToken, allowPrivilegeEscalation): never assume
    Deployment stored = deployment("1", "1Gi", null, null);

    assertThat(SemanticEquality.desiredFieldsMatch(deployment("1", "1Gi", false, null), stored, JSON)).isFalse();
    assertThat(SemanticEquality.desiredFieldsMatch(deployment("1", "1Gi", null, 0), stored, JSON)).isFalse();
    assertThat(SemanticEquality.desiredFieldsMatch(deployment("1", "1Gi", false, 0),
        deployment("1", "1Gi", false, 0), JSON)).isTrue();
  }

  @Test
  void stringsThatAreDataNotQuantitiesAndEmptyValuesInMapsStayDifferences() {
    ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .addToData("version", "1.0").addToData("flag", "").build();

    assertThat(SemanticEquality.desiredFieldsMatch(desired, new ConfigMapBuilder(desired)
        .withData(Map.of("version", "1", "flag", "")).build(), JSON)).as("1.0 is not 1 in data").isFalse();
    ConfigMap sizes = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .addToData("size", "1k").addToData("cpu", "1000m").addToData("capacity", "1Gi").build();
    assertThat(SemanticEquality.desiredFieldsMatch(sizes, new ConfigMapBuilder(sizes)
        .withData(Map.of("size", "1000", "cpu", "1", "capacity", "1024Mi")).build(), JSON))
        .as("quantities only where they are, never in data").isFalse();
    assertThat(SemanticEquality.desiredFieldsMatch(desired, new ConfigMapBuilder(desired)
        .withData(Map.of("version", "1.0")).build(), JSON)).as("a missing empty value").isFalse();
    assertThat(SemanticEquality.desiredFieldsMatch(desired, desired, JSON)).isTrue();
  }

  @Test
  void aSecretsStringDataIsHeldByTheDataTheServerFoldedItInto() {
    Secret desired = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .addToStringData("password", "hunter2").build();
    Secret stored = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .addToData("password", base64("hunter2")).build();

    assertThat(SemanticEquality.desiredFieldsMatch(desired, stored, JSON)).isTrue();
    assertThat(SemanticEquality.desiredFieldsMatch(desired, new SecretBuilder(stored)
        .withData(Map.of("password", base64("changed"))).build(), JSON)).isFalse();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
