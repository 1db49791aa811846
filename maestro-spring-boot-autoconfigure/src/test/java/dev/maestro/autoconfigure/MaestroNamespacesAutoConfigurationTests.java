package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.NamespaceStrategy;
import dev.maestro.core.tracker.Tracker;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared informers and tracker beans, namespace strategies and namespaces added at runtime through the registry. */
class MaestroNamespacesAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Gadget.crd()));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class))
      .withBean(KubernetesConnectionDetails.class, () -> server::config);

  @Test
  void informersAndTrackerAreSharedBeans() {
    runner.withUserConfiguration(GadgetParent.class).run(context -> {
      assertThat(context).hasSingleBean(Informers.class).hasSingleBean(Tracker.class);
      assertThat(context.getBean(Informers.class).groups(Gadget.class)).isEqualTo(1);
    });
  }

  @Test
  void namespaceStrategyPropertyReachesTheControllers() {
    runner.withUserConfiguration(GadgetParent.class)
        .withPropertyValues("maestro.namespaces=ns-a", "maestro.namespace-strategy=extendable")
        .run(context -> {
          assertThat(context).hasNotFailed();
          Controller<?> controller = context.getBean(ControllerRegistry.class).get("gadgets").orElseThrow();
          assertThat(controller.namespaces()).containsExactly("ns-a");
        });
  }

  @Test
  void adhocIdleTimeoutMustBePositive() {
    runner.withUserConfiguration(GadgetParent.class).withPropertyValues("maestro.adhoc-idle-timeout=0s").run(context ->
        MaestroAutoConfigurationTests.assertBindingRejected(context, "maestro.adhoc-idle-timeout", "must be positive"));
    runner.withUserConfiguration(GadgetParent.class).withPropertyValues("maestro.namespace-strategy=adhoc",
        "maestro.adhoc-idle-timeout=30s").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void registryAddsAndRemovesNamespacesAtRuntime() {
    runner.withUserConfiguration(GadgetParent.class)
        .withPropertyValues("maestro.namespaces=runtime-a", "maestro.namespace-strategy=EXTENDABLE")
        .run(context -> {
          ControllerRegistry registry = context.getBean(ControllerRegistry.class);
          KubernetesClient client = context.getBean(KubernetesClient.class);
          Gadget gadget = new Gadget();
          gadget.getMetadata().setName("late");
          gadget.getMetadata().setNamespace("runtime-b");
          client.resource(gadget).create();

          registry.addNamespace("gadgets", "runtime-b");

          await().atMost(Duration.ofSeconds(20)).until(() -> {
            Gadget seen = client.resources(Gadget.class).inNamespace("runtime-b").withName("late").get();
            return seen.getStatus() != null && !seen.getStatus().getConditions().isEmpty();
          });
          registry.removeNamespace("gadgets", "runtime-b");
          assertThat(registry.get("gadgets").orElseThrow().namespaces()).containsExactly("runtime-a");
        });
  }

  @Test
  void namespaceListAndSelectorTogetherFailTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class)
        .withPropertyValues("maestro.namespaces=x", "maestro.namespace-selector.team=a")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("maestro.namespaces and maestro.namespace-selector"));
  }

  @Test
  void eventRecorderBeanReportsAsTheApplicationUnlessConfigured() {
    runner.withPropertyValues("spring.application.name=shop-operator").run(context -> assertThat(
        context.getBean(dev.maestro.core.event.EventRecorder.class).component()).isEqualTo("shop-operator"));
    runner.withPropertyValues("maestro.events.component=custom").run(context -> assertThat(
        context.getBean(dev.maestro.core.event.EventRecorder.class).component()).isEqualTo("custom"));
  }

  @Test
  void disabledEventsRecordNoEventForAFailure() {
    runner.withUserConfiguration(GadgetParent.class, FailingStep.class)
        .withPropertyValues("maestro.namespaces=quiet-events", "maestro.events.enabled=false")
        .run(context -> {
          KubernetesClient client = context.getBean(KubernetesClient.class);
          Gadget gadget = new Gadget();
          gadget.getMetadata().setName("failing");
          gadget.getMetadata().setNamespace("quiet-events");
          client.resource(gadget).create();
          await().atMost(Duration.ofSeconds(20)).until(() -> {
            Gadget seen = client.resources(Gadget.class).inNamespace("quiet-events").withName("failing").get();
            return seen.getStatus() != null && !seen.getStatus().getConditions().isEmpty();
          });
          // events go out from the recorder's thread: wait for anything recorded before looking
          assertThat(context.getBean(dev.maestro.core.event.EventRecorder.class).flush(Duration.ofSeconds(10)))
              .isTrue();
          assertThat(client.v1().events().inNamespace("quiet-events").list().getItems()).isEmpty();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingStep {
    @Bean
    @SubReconciler
    dev.maestro.core.Step<Gadget> failing() {
      return (context, gadget) -> {
        throw new dev.maestro.core.ReconcileException("Broken", "always broken");
      };
    }
  }

  @Test
  void strictIsTheDefaultStrategy() {
    assertThat(new MaestroProperties().getNamespaceStrategy()).isEqualTo(NamespaceStrategy.STRICT);
  }

  @Configuration(proxyBeanMethods = false)
  static class GadgetParent {
    @Bean
    GadgetController gadgetParent() {
      return new GadgetController();
    }
  }

  @ParentReconciler(Gadget.class)
  static class GadgetController {}
}
