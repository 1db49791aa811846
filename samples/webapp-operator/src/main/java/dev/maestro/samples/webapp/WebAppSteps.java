package dev.maestro.samples.webapp;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.Steps;
import dev.maestro.core.child.ChildSetStep;
import dev.maestro.core.child.ChildStep;
import dev.maestro.core.condition.ConditionStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The WebApp's steps, in order, declared as beans. */
@Configuration(proxyBeanMethods = false)
public class WebAppSteps {

  /** Labels every child carries, and that select the WebApp's pods. */
  static Map<String, String> labels(WebApp app) {
    return Map.of("app.kubernetes.io/name", app.getMetadata().getName(),
        "app.kubernetes.io/managed-by", "webapp-operator");
  }

  /**
   * A cast parent: the image policy reads the WebApp as a generic resource (as it could read any resource with a
   * {@code spec.image}), read-only, and reports whether the image is pinned to a tag.
   */
  @Bean
  @SubReconciler
  @Order(1)
  Step<WebApp> imagePolicy() {
    return Steps.cast(GenericKubernetesResource.class, (context, resource) -> {
      Object spec = resource.getAdditionalProperties().get("spec");
      Object image = spec instanceof Map<?, ?> map ? map.get("image") : null;
      if (image == null || image.toString().isBlank()) {
        throw ReconcileException.permanent("InvalidSpec", "spec.image must be set");
      }
      boolean pinned = image.toString().contains(":") && !image.toString().endsWith(":latest");
      context.setCondition(WebAppController.IMAGE_PINNED, ConditionStatus.of(pinned),
          pinned ? "TagPinned" : "FloatingTag", pinned ? "" : "image " + image + " has no fixed tag");
      return Result.done();
    });
  }

  /** The application's configuration as {@code <name>-config}. */
  @Bean
  @SubReconciler
  @Order(2)
  Step<WebApp> config() {
    return new ChildStep<WebApp, ConfigMap>(ConfigMap.class) {
      @Override
      protected Optional<ConfigMap> desired(WebApp app, ReconcileContext<WebApp> context) {
        return Optional.of(new ConfigMapBuilder().withNewMetadata().withName(app.getMetadata().getName() + "-config")
            .withLabels(labels(app)).endMetadata().withData(app.getSpec().getConfig()).build());
      }

      /** Two steps manage ConfigMaps of a WebApp: this one owns only {@code <name>-config}. */
      @Override
      protected boolean ourChild(WebApp app, ConfigMap child) {
        return child.getMetadata().getName().equals(app.getMetadata().getName() + "-config");
      }

      @Override
      protected boolean semanticEquals(ConfigMap desired, ConfigMap actual, ReconcileContext<WebApp> context) {
        return sameData(desired, actual);
      }

      @Override
      protected ConfigMap mergeBeforeUpdate(ConfigMap actual, ConfigMap desired, ReconcileContext<WebApp> context) {
        return withDataOf(actual, desired);
      }
    };
  }

  /** Whether two ConfigMaps hold the same data, every key: a key the desired one lacks is a difference. */
  private static boolean sameData(ConfigMap desired, ConfigMap actual) {
    return Objects.equals(desired.getData(), actual.getData());
  }

  /** {@code actual} holding the whole data of {@code desired}, its keys no longer wanted gone. */
  private static ConfigMap withDataOf(ConfigMap actual, ConfigMap desired) {
    actual.setData(desired.getData());
    return actual;
  }

  /** A child set: one ConfigMap {@code <name>-<key>} per entry of {@code spec.extraConfigs}. */
  @Bean
  @SubReconciler
  @Order(3)
  Step<WebApp> extraConfigs() {
    return new ChildSetStep<WebApp, ConfigMap>(ConfigMap.class) {
      @Override
      protected List<ConfigMap> desiredChildren(WebApp app, ReconcileContext<WebApp> context) {
        List<ConfigMap> children = new ArrayList<>();
        app.getSpec().getExtraConfigs().forEach((key, data) -> children.add(new ConfigMapBuilder()
            .withNewMetadata().withName(app.getMetadata().getName() + "-" + key).withLabels(labels(app))
            .addToLabels("webapp.maestro.dev/extra", "true").endMetadata().withData(data).build()));
        return children;
      }

      @Override
      protected boolean ourChild(WebApp app, ConfigMap child) {
        return child.getMetadata().getLabels() != null
            && "true".equals(child.getMetadata().getLabels().get("webapp.maestro.dev/extra"));
      }

      /** The whole data, not only the keys the spec sets: a key removed from the spec goes from the ConfigMap. */
      @Override
      protected boolean semanticEquals(ConfigMap desired, ConfigMap actual, ReconcileContext<WebApp> context) {
        return sameData(desired, actual);
      }

      @Override
      protected ConfigMap mergeBeforeUpdate(ConfigMap actual, ConfigMap desired, ReconcileContext<WebApp> context) {
        return withDataOf(actual, desired);
      }
    };
  }

  /**
   * The Deployment, bounded by a timeout; its availability becomes the {@code Available} condition and
   * {@code status.availableReplicas}.
   */
  @Bean
  @SubReconciler
  @Order(4)
  Step<WebApp> deployment() {
    return Steps.withTimeout(new ChildStep<WebApp, Deployment>(Deployment.class) {
      @Override
      protected Optional<Deployment> desired(WebApp app, ReconcileContext<WebApp> context) {
        return Optional.of(new DeploymentBuilder()
            .withNewMetadata().withName(app.getMetadata().getName()).withLabels(labels(app)).endMetadata()
            .withNewSpec().withReplicas(app.getSpec().getReplicas())
            .withNewSelector().withMatchLabels(labels(app)).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(labels(app)).endMetadata()
            .withNewSpec().addNewContainer().withName("app").withImage(app.getSpec().getImage())
            .addNewEnvFrom().withNewConfigMapRef().withName(app.getMetadata().getName() + "-config").endConfigMapRef()
            .endEnvFrom().endContainer().endSpec().endTemplate()
            .endSpec().build());
      }

      @Override
      protected void reflectStatus(WebApp app, Optional<Deployment> child, @Nullable RuntimeException error,
          ReconcileContext<WebApp> context) {
        int available = child.map(Deployment::getStatus).map(s -> s.getAvailableReplicas()).orElse(0);
        app.getStatus().setAvailableReplicas(available);
        boolean ready = error == null && available >= app.getSpec().getReplicas();
        context.setCondition(WebAppController.AVAILABLE, ConditionStatus.of(ready),
            ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            available + " of " + app.getSpec().getReplicas() + " replicas available");
      }
    }, Duration.ofSeconds(30));
  }

  /** The Service, only while {@code spec.port} is set (an empty desired state deletes it). */
  @Bean
  @SubReconciler
  @Order(5)
  Step<WebApp> service() {
    return new ChildStep<WebApp, Service>(Service.class) {
      @Override
      protected Optional<Service> desired(WebApp app, ReconcileContext<WebApp> context) {
        Integer port = app.getSpec().getPort();
        if (port == null) {
          return Optional.empty();
        }
        return Optional.of(new ServiceBuilder()
            .withNewMetadata().withName(app.getMetadata().getName()).withLabels(labels(app)).endMetadata()
            .withNewSpec().withSelector(labels(app)).addNewPort().withPort(port).endPort().endSpec()
            .build());
      }
    };
  }
}
