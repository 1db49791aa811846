package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  @Test
  void mergeKeepsOneRulePerGroupAndResourceWithTheUnionOfTheVerbs() {
    List<PolicyRule> merged = Permissions.merge(List.of(
        Permissions.rule(ConfigMap.class, null, Permissions.READ),
        Permissions.rule("", "configmaps", List.of("create", "get")),
        Permissions.rule("apps", "deployments", List.of("patch")),
        Permissions.rule(ConfigMap.class, "status", List.of("patch"))));

    assertThat(merged).extracting(rule -> rule.getApiGroups().get(0) + " " + rule.getResources().get(0) + " "
        + rule.getVerbs()).containsExactly(
            " configmaps [create, get, list, watch]",
            " configmaps/status [patch]",
            "apps deployments [patch]");
  }

  @Test
  void rulesLimitedToNamedObjectsAreKeptApartNotWidened() {
    PolicyRule oneLease = new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
        .withResourceNames("my-lease").withVerbs("update").build();
    List<PolicyRule> merged = Permissions.merge(List.of(oneLease,
        Permissions.rule("coordination.k8s.io", "leases", List.of("get"))));

    assertThat(merged).hasSize(2).contains(oneLease);
    assertThat(Permissions.allows(merged, "coordination.k8s.io", "leases", "update")).isFalse();
    assertThat(Permissions.allows(merged, "coordination.k8s.io", "leases", "get")).isTrue();
  }

  @Test
  void allowsMatchesGroupResourceAndVerbWithWildcards() {
    List<PolicyRule> rules = List.of(Permissions.rule("apps", "deployments", List.of("get")),
        new PolicyRuleBuilder().withApiGroups("batch").withResources("*").withVerbs("*").build());

    assertThat(Permissions.allows(rules, "apps", "deployments", "get")).isTrue();
    assertThat(Permissions.allows(rules, "apps", "deployments", "delete")).isFalse();
    assertThat(Permissions.allows(rules, "", "deployments", "get")).as("another group").isFalse();
    assertThat(Permissions.allows(rules, "apps", "deployments/scale", "get")).as("a subresource").isFalse();
    assertThat(Permissions.allows(rules, "batch", "jobs", "create")).isTrue();
    List<PolicyRule> anyStatus = List.of(Permissions.rule("apps", "*/status", List.of("patch")));
    assertThat(Permissions.allows(anyStatus, "apps", "deployments/status", "patch")).isTrue();
    assertThat(Permissions.allows(anyStatus, "apps", "deployments", "patch")).isFalse();
  }
}
