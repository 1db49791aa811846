package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.runtime.Shard;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Two replicas of the greeting operator as the two shards of {@code maestro.sharding.count=2} on one embedded API
 * server: this test's application (shard 0) and a second one (shard 1) started beside it. Each Greeting is
 * reconciled by the replica of its shard only, and all of them converge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"maestro.sharding.count=2", "maestro.sharding.index=0"})
@Import({EmbeddedClusterConfiguration.class, GreetingOperatorShardsTests.Noting.class})
@DirtiesContext
class GreetingOperatorShardsTests {

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  @Autowired
  Reconciled reconciled;

  /** The keys a replica reconciled, from its reconcile observer. */
  static final class Reconciled implements ReconcileObserver {
    final Set<String> keys = ConcurrentHashMap.newKeySet();

    @Override
    public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
      keys.add(key.name());
      return Observation.NOOP;
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Noting {
    @Bean
    Reconciled reconciled() {
      return new Reconciled();
    }
  }

  private ConfigurableApplicationContext secondShard(Reconciled reconciled) {
    return Greetings.replica(server, java.util.Map.of("reconciled", reconciled), "maestro.sharding.count=2",
        "maestro.sharding.index=1");
  }

  private static Greeting greeting(String name) {
    return Greetings.greeting(name, "Hello from " + name);
  }

  private static boolean ready(KubernetesClient client, String name) {
    Greeting greeting = client.resources(Greeting.class).inNamespace("default").withName(name).get();
    return greeting != null && greeting.getStatus() != null && greeting.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))
        && client.configMaps().inNamespace("default").withName(name + "-greeting").get() != null;
  }

  @Test
  void eachReplicaReconcilesTheGreetingsOfItsShardAndAllConverge() {
    KubernetesClient client = server.client();
    Reconciled bySecond = new Reconciled();
    try (ConfigurableApplicationContext second = secondShard(bySecond)) {
      Controller<?> first = controllers.get("greetings").orElseThrow();
      Controller<?> other = second.getBean(ControllerRegistry.class).get("greetings").orElseThrow();
      assertThat(first.shard()).isEqualTo(Shard.of(0, 2));
      assertThat(other.shard()).isEqualTo(Shard.of(1, 2));
      List<String> names = IntStream.range(0, 12).mapToObj(i -> "sharded-" + i).toList();
      Set<String> ofFirst = names.stream().filter(name -> first.owns(new ResourceKey("default", name)))
          .collect(Collectors.toSet());
      assertThat(ofFirst).isNotEmpty().hasSizeLessThan(names.size());

      names.forEach(name -> client.resource(greeting(name)).create());

      await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().allMatch(name -> ready(client, name)));
      // every Greeting was reconciled, each by the replica of its shard only
      assertThat(reconciled.keys).filteredOn(names::contains).containsExactlyInAnyOrderElementsOf(ofFirst);
      assertThat(bySecond.keys).filteredOn(names::contains)
          .containsExactlyInAnyOrderElementsOf(names.stream().filter(name -> !ofFirst.contains(name)).toList());
      assertThat(client.configMaps().inNamespace("default").withName(GreetingIndex.INDEX).get().getData())
          .as("the shared index, written by both replicas").containsKeys(names.toArray(String[]::new));
    }
  }
}
