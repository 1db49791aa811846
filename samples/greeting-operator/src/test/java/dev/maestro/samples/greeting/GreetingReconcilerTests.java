package dev.maestro.samples.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.autoconfigure.EmbeddedApiServerCustomizer;
import dev.maestro.test.autoconfigure.ReconcilerTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The greeting operator's reconcilers in the {@link ReconcilerTest} slice: Maestro and the Greeting's
 * {@code @ParentReconciler} and {@code @SubReconciler} beans, on an embedded API server with the generated CRD. The
 * web server and actuator of the application are left out.
 */
@ReconcilerTest
@Import(GreetingReconcilerTests.GarbageCollection.class)
class GreetingReconcilerTests {

  @Autowired
  ApplicationContext context;

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  @Test
  void onlyTheReconcilersOfTheApplicationAreStarted() {
    assertThat(context.getBeansOfType(GreetingController.class)).hasSize(1);
    assertThat(controllers.steps("greetings")).startsWith("validateGreeting", "greetingConfigMap");
    assertThat(context.getBeanNamesForType(org.springframework.boot.web.server.WebServerFactory.class)).isEmpty();
    assertThat(context.getBeanDefinitionNames()).noneMatch(name -> name.contains("HealthContributor"));
  }

  @Test
  void greetingGetsAConfigMapThatFollowsItsMessage() {
    KubernetesClient user = server.client();
    user.resource(Greetings.greeting("slice", "Hello from the slice")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(configMap(user, "slice-greeting")).isNotNull()
            .extracting(ConfigMap::getData).extracting(data -> data.get("message")).isEqualTo("Hello from the slice"));

    Greeting greeting = user.resources(Greeting.class).inNamespace("default").withName("slice").get();
    greeting.getSpec().setMessage("Changed");
    user.resource(greeting).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(configMap(user, "slice-greeting").getData()).containsEntry("message", "Changed"));

    user.resources(Greeting.class).inNamespace("default").withName("slice").delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(user.resources(Greeting.class).inNamespace("default").withName("slice").get()).isNull();
      assertThat(configMap(user, "slice-greeting")).isNull();
    });
  }

  private static ConfigMap configMap(KubernetesClient client, String name) {
    return client.configMaps().inNamespace("default").withName(name).get();
  }

  /** The embedded server has no garbage collector; this stands in for it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class GarbageCollection {

    @Bean
    EmbeddedApiServerCustomizer collectGreetingConfigMaps() {
      return server -> server.collectGarbage(Greeting.class, ConfigMap.class);
    }
  }
}
