package dev.maestro.test.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.KubernetesClientAutoConfiguration;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.test.autoconfigure.EmbeddedApiServerAutoConfiguration;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.autoconfigure.ReconcilerTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/** The slice: reconcilers and Maestro only, on an embedded API server with the classpath's CRDs. */
@ReconcilerTest
class ReconcilerTestTests {

  @Autowired
  ApplicationContext context;

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  KubernetesClient client;

  @Autowired
  ControllerRegistry controllers;

  @Test
  void contextHoldsTheReconcilersButNotTheApplicationsOtherComponents() {
    assertThat(context.getBeansOfType(GadgetController.class)).hasSize(1);
    assertThat(context.getBeansOfType(GadgetConfigMap.class)).hasSize(1);
    assertThat(context.getBeansOfType(Inventory.class)).isEmpty();
    assertThat(controllers.get("gadgets")).hasValueSatisfying(c -> assertThat(c.isRunning()).isTrue());
  }

  @Test
  void onlyTheReconcilerComponentsOfTheApplicationAreScanned() {
    assertThat(beanTypes()).filteredOn(type -> type.getPackageName().equals(Gadget.class.getPackageName()))
        .containsExactlyInAnyOrder(SliceApplication.class, GadgetController.class, GadgetConfigMap.class,
            GadgetSteps.class);
  }

  @Test
  void stepsDeclaredOnBeanMethodsJoinTheirController() {
    assertThat(controllers.steps("gadgets")).contains("gadgetInspection");
  }

  @Test
  void onlyMaestrosAutoConfigurationRuns() {
    assertThat(beanTypes()).filteredOn(type -> type.isAnnotationPresent(AutoConfiguration.class))
        .containsExactlyInAnyOrder(KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class,
            EmbeddedApiServerAutoConfiguration.class);
  }

  private List<Class<?>> beanTypes() {
    return Arrays.stream(context.getBeanDefinitionNames())
        .map(name -> context.getType(name))
        .filter(Objects::nonNull)
        .<Class<?>>map(ClassUtils::getUserClass)
        .toList();
  }

  @Test
  void clientTalksToTheEmbeddedServer() {
    assertThat(client.getMasterUrl().toString()).isEqualTo(server.url());
  }

  @Test
  void crdsOnTheClasspathAreInstalledAndGadgetsAreReconciled() {
    KubernetesClient user = server.client();
    Gadget gadget = new Gadget();
    gadget.getMetadata().setName("knob");
    gadget.getMetadata().setNamespace("default");
    gadget.getSpec().setLabel("turn me");
    user.resource(gadget).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ConfigMap configMap = user.configMaps().inNamespace("default").withName("knob-gadget").get();
      assertThat(configMap).isNotNull();
      assertThat(configMap.getData()).containsEntry("label", "turn me");
      Gadget reconciled = user.resources(Gadget.class).inNamespace("default").withName("knob").get();
      assertThat(reconciled.getStatus().getObservedGeneration()).isEqualTo(1L);
    });
  }
}
