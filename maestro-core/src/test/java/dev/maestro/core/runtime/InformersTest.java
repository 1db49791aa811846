package dev.maestro.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registration of watched custom resource classes with the client's serialization, as {@link Informers} runs
 * it: once per class, in the background, in the order the classes were first acquired. Nothing here talks to an API
 * server: acquiring a group builds its informers without starting them.
 */
class InformersTest {

  private final KubernetesClient client = new KubernetesClientBuilder()
      .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:9/").build()).build();
  private final Informers informers = new Informers(client);

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aClassIsRegisteredOnceWhateverItsGroupsAndTheFirstClassOfAKindWins() throws Exception {
    InformerGroup<FirstThing> inA = informers.acquire(FirstThing.class, List.of("a"));
    InformerGroup<FirstThing> inB = informers.acquire(FirstThing.class, List.of("b"));
    InformerGroup<SecondThing> other = informers.acquire(SecondThing.class, List.of("a"));

    assertThat(inB.kindRegistration()).isSameAs(inA.kindRegistration());
    CompletableFuture.allOf(inA.kindRegistration(), other.kindRegistration()).get(60, TimeUnit.SECONDS);
    assertThat(client.getKubernetesSerialization().getRegisteredKubernetesResource("things.test.maestro.dev/v1",
        "Thing")).isEqualTo(FirstThing.class);
  }

  @Test
  void aBuiltInKindNeedsNoRegistration() {
    assertThat(informers.acquire(ConfigMap.class, List.of("a")).kindRegistration()).isDone();
  }

  @Group("things.test.maestro.dev")
  @Version("v1")
  @Kind("Thing")
  public static class FirstThing extends CustomResource<Void, Void> implements Namespaced {}

  @Group("things.test.maestro.dev")
  @Version("v1")
  @Kind("Thing")
  public static class SecondThing extends CustomResource<Void, Void> implements Namespaced {}
}
