package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.child.ChildStep;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster-scoped parent that owns namespaced children, as Kubernetes allows (an owner reference from a namespaced
 * object to a cluster-scoped one). Relies on the embedded server serving a cluster-scoped custom resource.
 */
class ClusterScopedParentIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Palette.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 100,
      100);

  private static int counter;

  private KubernetesClient client;
  private Controller<Palette> controller;
  private String name;
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    name = "palette" + (++counter);
    namespace = name + "-team";
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  /** A ConfigMap in {@code targetNamespace} (none: the step names no namespace) with the palette's color. */
  private static ChildStep<Palette, ConfigMap> swatch(String targetNamespace) {
    return new ChildStep<>(ConfigMap.class) {
      @Override
      protected Optional<ConfigMap> desired(Palette palette, ReconcileContext<Palette> context) {
        return Optional.of(new ConfigMapBuilder().withNewMetadata().withName(palette.getMetadata().getName())
            .withNamespace(targetNamespace).endMetadata()
            .withData(Map.of("color", palette.getSpec().getColor())).build());
      }
    };
  }

  private Optional<Condition> ready() {
    Palette palette = client.resources(Palette.class).withName(name).get();
    return palette == null || palette.getStatus() == null ? Optional.empty()
        : palette.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
  }

  private ConfigMap swatchConfigMap() {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  @Test
  void itsChildInANamespaceIsOwnedAndAChangeToTheChildReconcilesTheParent() {
    controller = Maestro.forParent(Palette.class).withClient(client).withRetry(FAST_RETRY)
        .register(swatch(namespace)).build();
    controller.start();
    Palette palette = client.resource(Palette.of(name, "ochre")).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> ready().filter(c -> c.getStatus().equals("True")).isPresent());
    assertThat(swatchConfigMap().getData()).containsEntry("color", "ochre");
    assertThat(swatchConfigMap().getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getUid()).isEqualTo(palette.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });

    // the child's event must reach the parent's key, which has no namespace
    client.configMaps().inNamespace(namespace).withName(name).edit(cm -> {
      cm.setData(Map.of("color", "scribbled"));
      return cm;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> "ochre".equals(swatchConfigMap().getData().get("color")));
  }

  @Test
  void aChildThatNamesNoNamespaceIsRefusedWithAReason() {
    controller = Maestro.forParent(Palette.class).withClient(client).withRetry(FAST_RETRY)
        .register(swatch(null)).build();
    controller.start();
    client.resource(Palette.of(name, "umber")).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> ready()
        .filter(c -> c.getStatus().equals("False") && c.getReason().equals("ChildWithoutNamespace")).isPresent());
    assertThat(client.configMaps().inAnyNamespace().list().getItems())
        .noneMatch(cm -> cm.getMetadata().getName().equals(name));
  }
}
