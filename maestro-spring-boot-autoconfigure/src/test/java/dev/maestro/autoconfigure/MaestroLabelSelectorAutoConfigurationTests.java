package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.MaestroLeaderElectionAutoConfigurationTests.NoteStep;
import dev.maestro.autoconfigure.MaestroLeaderElectionAutoConfigurationTests.Noted;
import dev.maestro.core.runtime.Controller;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @ParentReconciler(labelSelector = ..., childLabels = ...)}: what they select, and malformed labels. */
class MaestroLabelSelectorAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Gadget.crd()));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class))
      .withBean(KubernetesConnectionDetails.class, () -> server::config)
      .withPropertyValues("maestro.namespaces=labelled");

  @Test
  void onlyGadgetsWithTheSelectedLabelsAreReconciledAndChildLabelsSelectTheOwnedKinds() {
    KubernetesClient client = server.client();
    Gadget ours = Gadget.of("labelled", "ours");
    ours.getMetadata().setLabels(Map.of("team", "a"));
    client.resource(ours).create();
    client.resource(Gadget.of("labelled", "theirs")).create();
    runner.withUserConfiguration(Labelled.class).run(context -> {
      assertThat(context).hasNotFailed();
      Noted noted = context.getBean(Noted.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> noted.names.contains("ours"));
      Controller<?> controller = context.getBean(ControllerRegistry.class).get("gadgets").orElseThrow();
      assertThat(controller.parents().labels()).isEqualTo(Map.of("team", "a"));
      assertThat(context.getBean(dev.maestro.core.runtime.Informers.class)
          .cache(io.fabric8.kubernetes.api.model.ConfigMap.class).labels())
          .isEqualTo(Map.of("app.kubernetes.io/managed-by", "gadgets"));
      assertThat(noted.names).containsExactly("ours");
      assertThat(new dev.maestro.autoconfigure.actuate.MaestroEndpoint(context.getBean(ControllerRegistry.class),
          context.getBeanFactory()).controller("gadgets").informers())
          .extracting(informer -> informer.kind() + " " + informer.labels()).containsExactly(
              "Gadget {team=a}", "ConfigMap {app.kubernetes.io/managed-by=gadgets}");
    });
  }

  @Test
  void malformedLabelsFailTheStartUpNamingTheBeanAndTheAttribute() {
    runner.withUserConfiguration(Malformed.class).run(context ->
        assertThat(context).getFailure().rootCause().isInstanceOf(MaestroConfigurationException.class)
            .hasMessageContaining("'malformedParent'").hasMessageContaining("labelSelector")
            .hasMessageContaining("'team'"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Labelled {
    @Bean
    Noted noted() {
      return new Noted();
    }

    @Bean
    LabelledParent labelledParent() {
      return new LabelledParent();
    }

    @Bean
    NoteStep note(Noted noted) {
      return new NoteStep(noted);
    }
  }

  @ParentReconciler(resource = Gadget.class, owns = io.fabric8.kubernetes.api.model.ConfigMap.class,
      labelSelector = "team=a", childLabels = "app.kubernetes.io/managed-by=gadgets")
  static class LabelledParent {}

  @Configuration(proxyBeanMethods = false)
  static class Malformed {
    @Bean
    MalformedParent malformedParent() {
      return new MalformedParent();
    }
  }

  @ParentReconciler(resource = Gadget.class, labelSelector = "team")
  static class MalformedParent {}
}
