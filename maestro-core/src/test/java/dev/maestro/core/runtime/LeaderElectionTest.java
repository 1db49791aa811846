package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
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
    // fabric8 8.0.0 refuses a renew deadline of up to a retry period plus 1.2 more (its jitter)
    assertThat(LeaderElection.problem(Duration.ofSeconds(15), Duration.ofMillis(4400), Duration.ofSeconds(2)))
        .contains("renew deadline (PT4.4S) must be longer than 2.2 retry periods (PT2S)");
    assertThat(LeaderElection.problem(Duration.ofSeconds(15), Duration.ofMillis(4401), Duration.ofSeconds(2)))
        .isNull();
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
  void durationsAcceptedAreExactlyThoseFabric8Accepts() {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      for (long renewMillis : new long[] {2000, 4400, 4401, 10_000}) {
        Duration renew = Duration.ofMillis(renewMillis);
        boolean accepted = LeaderElection.problem(Duration.ofSeconds(15), renew, Duration.ofSeconds(2)) == null;
        boolean fabric8Accepts;
        try {
          client.leaderElector().withConfig(new LeaderElectionConfigBuilder().withName("op")
              .withLock(new LeaseLock("ops", "op", "me")).withLeaseDuration(Duration.ofSeconds(15))
              .withRenewDeadline(renew).withRetryPeriod(Duration.ofSeconds(2))
              .withLeaderCallbacks(new LeaderCallbacks(() -> { }, () -> { }, holder -> { })).build()).build();
          fabric8Accepts = true;
        } catch (IllegalArgumentException e) {
          fabric8Accepts = false;
        }
        assertThat(accepted).as("renew deadline %s", renew).isEqualTo(fabric8Accepts);
      }
    }
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
