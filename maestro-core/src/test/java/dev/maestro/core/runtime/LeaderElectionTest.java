package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {

  @Test
  void defaultsAreClientGosAndTheIdentityIsUniquePerProcess() {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      LeaderElection election = LeaderElection.forLease("ops", "my-operator").withClient(client).build();

      assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
      assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
      assertThat(election.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
      assertThat(election.lease()).isEqualTo("ops/my-operator");
      assertThat(election.identity()).contains("_");
      assertThat(election.isLeader()).isFalse();
      assertThat(election.leader()).isEmpty();
    }
    assertThat(LeaderElection.defaultIdentity()).isNotEqualTo(LeaderElection.defaultIdentity());
  }

  @Test
  void durationsThatCannotWorkTogetherAreRefusedWithTheReason() {
    assertThat(LeaderElection.problem(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .contains("lease duration (PT10S) must be longer than the renew deadline (PT10S)");
    assertThat(LeaderElection.problem(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .contains("renew deadline (PT2S) must be longer than 1.2 retry periods (PT2S)");
    assertThat(LeaderElection.problem(Duration.ofMillis(1500), Duration.ofMillis(1200), Duration.ofMillis(200)))
        .contains("lease duration (PT1.5S) must be whole seconds");
    assertThat(LeaderElection.problem(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO))
        .contains("must be positive");
    assertThat(LeaderElection.problem(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .isNull();

    assertThatThrownBy(() -> LeaderElection.forLease("ops", "op").withLeaseDuration(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Lease ops/op")
        .hasMessageContaining("must be longer than the renew deadline");
  }

  @Test
  void leaseNeedsANamespaceANameAndAClient() {
    assertThatThrownBy(() -> LeaderElection.forLease(" ", "op")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace must not be blank");
    assertThatThrownBy(() -> LeaderElection.forLease("ops", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> LeaderElection.forLease("ops", "op").build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("withClient");
  }
}
