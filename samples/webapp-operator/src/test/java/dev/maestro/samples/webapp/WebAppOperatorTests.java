package dev.maestro.samples.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.ResourceKey;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.RequestLog;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The webapp sample end to end on the embedded API server. */
@SpringBootTest
@Import(EmbeddedClusterConfiguration.class)
class WebAppOperatorTests {

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  private KubernetesClient client() {
    return server.client();
  }

  private static WebApp webApp(String name, String image) {
    WebApp app = new WebApp();
    app.getMetadata().setName(name);
    app.getMetadata().setNamespace("default");
    app.getSpec().setImage(image);
    app.getSpec().setReplicas(2);
    app.getSpec().setPort(8080);
    app.getSpec().setConfig(Map.of("GREETING", "hello"));
    app.getSpec().setExtraConfigs(Map.of("features", Map.of("beta", "on"), "limits", Map.of("rps", "10")));
    return app;
  }

  private WebApp get(KubernetesClient client, String name) {
    return client.resources(WebApp.class).inNamespace("default").withName(name).get();
  }

  private static Optional<Condition> condition(WebApp app, String type) {
    if (app == null || app.getStatus() == null) {
      return Optional.empty();
    }
    return app.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private void awaitIdle() {
    var controller = controllers.get("webapps").orElseThrow();
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(400)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  @Test
  void webAppGetsItsChildrenAndReportsTheDeploymentsAvailability() {
    KubernetesClient client = client();
    int mark = server.requests().mark();
    client.resource(webApp("shop", "shop:1.4.2")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(client.configMaps().inNamespace("default").withName("shop-config").get().getData())
          .containsEntry("GREETING", "hello");
      assertThat(client.configMaps().inNamespace("default").withName("shop-features").get().getData())
          .containsEntry("beta", "on");
      assertThat(client.configMaps().inNamespace("default").withName("shop-limits").get()).isNotNull();
      assertThat(client.apps().deployments().inNamespace("default").withName("shop").get().getSpec().getReplicas())
          .isEqualTo(2);
      assertThat(client.services().inNamespace("default").withName("shop").get()).isNotNull();
      WebApp shop = get(client, "shop");
      assertThat(condition(shop, "Available")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
      assertThat(condition(shop, "Ready")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("MinimumReplicasUnavailable");
      });
      assertThat(condition(shop, "ImagePinned")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });
    awaitIdle();
    // one create per child, one status write for the WebApp
    assertThat(server.requests().writesSince(mark).stream().map(r -> r.method() + " " + r.path()
        .replaceAll("\\?.*", "")).filter(r -> !r.contains("/events")).toList())
        .containsExactlyInAnyOrder(
            "POST /apis/samples.maestro.dev/v1/namespaces/default/webapps",
            "POST /api/v1/namespaces/default/configmaps",
            "POST /api/v1/namespaces/default/configmaps",
            "POST /api/v1/namespaces/default/configmaps",
            "POST /apis/apps/v1/namespaces/default/deployments",
            "POST /api/v1/namespaces/default/services",
            "PATCH /apis/samples.maestro.dev/v1/namespaces/default/webapps/shop/status");

    // a Deployment controller would do this: the Deployment's availability reaches the WebApp
    Deployment deployment = client.apps().deployments().inNamespace("default").withName("shop").get();
    deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
        .withReplicas(2).withAvailableReplicas(2).withReadyReplicas(2).build());
    client.resource(deployment).updateStatus();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      WebApp shop = get(client, "shop");
      assertThat(condition(shop, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(shop.getStatus().getAvailableReplicas()).isEqualTo(2);
    });

    awaitIdle();
    int idle = server.requests().mark();
    controllers.get("webapps").orElseThrow().enqueue(new ResourceKey("default", "shop"));
    awaitIdle();
    assertThat(server.requests().since(idle)).filteredOn(r -> !r.path().contains("watch=true"))
        .extracting(RequestLog.Request::toString).isEmpty();
  }

  @Test
  void changesToTheSpecAddUpdateAndRemoveChildren() {
    KubernetesClient client = client();
    client.resource(webApp("blog", "blog:2.0")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> client.services().inNamespace("default").withName("blog")
        .get() != null);

    // an edit, retried on a conflict as clients do: the operator may be writing the status meanwhile
    await().atMost(Duration.ofSeconds(10)).ignoreException(KubernetesClientException.class).until(() -> {
      client.resources(WebApp.class).inNamespace("default").withName("blog").edit(blog -> {
        blog.getSpec().setPort(null);
        blog.getSpec().setExtraConfigs(Map.of("features", Map.of("gamma", "off"), "themes", Map.of("dark", "yes")));
        blog.getSpec().setConfig(Map.of("GREETING", "bonjour"));
        return blog;
      });
      return true;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(client.services().inNamespace("default").withName("blog").get()).isNull();
      assertThat(client.configMaps().inNamespace("default").withName("blog-limits").get()).isNull();
      assertThat(client.configMaps().inNamespace("default").withName("blog-themes").get()).isNotNull();
      assertThat(client.configMaps().inNamespace("default").withName("blog-features").get().getData())
          .as("a key gone from the spec goes from the ConfigMap").containsExactlyEntriesOf(Map.of("gamma", "off"));
      assertThat(client.configMaps().inNamespace("default").withName("blog-config").get().getData())
          .containsExactlyEntriesOf(Map.of("GREETING", "bonjour"));
    });
  }

  @Test
  void floatingImageTagIsReportedButNotAnError() {
    KubernetesClient client = client();
    client.resource(webApp("edge", "edge:latest")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(condition(get(client, "edge"),
        "ImagePinned")).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("FloatingTag");
        }));
    assertThat(client.apps().deployments().inNamespace("default").withName("edge").get()).isNotNull();
  }

  @Test
  void configMapsOfTheWebAppAreRestoredAfterOutsideEdits() {
    KubernetesClient client = client();
    client.resource(webApp("kept", "kept:1.0")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> client.configMaps().inNamespace("default")
        .withName("kept-features").get() != null);

    client.configMaps().inNamespace("default").withName("kept-features").edit(cm -> {
      cm.setData(Map.of("beta", "hacked"));
      return cm;
    });
    client.configMaps().inNamespace("default").withName("kept-config").delete();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ConfigMap features = client.configMaps().inNamespace("default").withName("kept-features").get();
      assertThat(features.getData()).containsEntry("beta", "on");
      assertThat(client.configMaps().inNamespace("default").withName("kept-config").get()).isNotNull();
    });
  }
}
