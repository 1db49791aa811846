package dev.maestro.samples.greeting;

import static dev.maestro.samples.greeting.Greetings.greeting;
import static dev.maestro.samples.greeting.Greetings.greetingFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.Permissions;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.RequestLog;
import dev.maestro.test.ResourcePath;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The RBAC rules Maestro computes for the greeting operator cover every request the operator makes through a
 * Greeting's life: created from a message and from a tracked ConfigMap, invalid, changed, its child deleted by
 * someone, deleted (the cleanup of the shared index), with leader election on. The test's own requests go through
 * the embedded server's unrecorded client, so the request log holds only the operator's. Not covered here: what the
 * embedded server cannot do (server-side apply), the Lease release at shutdown, and paths the sample does not take
 * (a namespace selector, ADHOC reads, kinds only tracked).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "maestro.leader-election.enabled=true", "maestro.leader-election.retry-period=200ms", "maestro.embedded.seed=false"})
@Import(EmbeddedClusterConfiguration.class)
@DirtiesContext
class GreetingOperatorPermissionsTests {

  @Autowired
  EmbeddedApiServer server;

  @Autowired
  ControllerRegistry controllers;

  @Autowired
  LeaderElection election;

  private static boolean ready(KubernetesClient client, String name, String status) {
    Greeting greeting = client.resources(Greeting.class).inNamespace("default").withName(name).get();
    return greeting != null && greeting.getStatus() != null && greeting.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals(status));
  }

  @Test
  void rulesCoverEveryRequestTheOperatorMakes() {
    KubernetesClient user = server.unrecordedClient();
    await().atMost(Duration.ofSeconds(20)).until(election::isLeader);

    user.resource(greeting("plain", "hello")).create();
    user.resource(greeting("broken", "")).create();
    user.resource(greetingFrom("referring", "words", "text")).create();
    user.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("words")
        .endMetadata().addToData("text", "from a ConfigMap").build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> ready(user, "plain", "True") && ready(user, "broken", "False")
        && ready(user, "referring", "True"));

    user.resources(Greeting.class).inNamespace("default").withName("plain").edit(g -> {
      g.getSpec().setMessage("changed");
      return g;
    });
    user.configMaps().inNamespace("default").withName("referring-greeting").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      ConfigMap child = user.configMaps().inNamespace("default").withName("referring-greeting").get();
      ConfigMap changed = user.configMaps().inNamespace("default").withName("plain-greeting").get();
      return child != null && changed != null && "changed".equals(changed.getData().get("message"));
    });
    user.resources(Greeting.class).inNamespace("default").withName("plain").delete();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> user.resources(Greeting.class).inNamespace("default").withName("plain").get() == null);

    List<PolicyRule> rules = Permissions.of(controllers.controllers(), election);
    // the events recorded so far go out from the recorder's thread: let them reach the log first
    controllers.controllers().forEach(controller ->
        assertThat(controller.flushEvents(Duration.ofSeconds(10))).isTrue());
    List<RequestLog.Request> requests = server.requests().all();
    assertThat(requests).as("requests of the operator").isNotEmpty();
    assertThat(requests).allSatisfy(request -> {
      ResourcePath path = ResourcePath.parse(request.path());
      String resource = path.subresource() == null ? path.resource() : path.resource() + "/" + path.subresource();
      assertThat(Permissions.allows(rules, path.group(), resource, verb(request, path)))
          .as("%s is allowed by %s", request, rules).isTrue();
    });
    // and nothing it never asks for: the greeting operator does not delete Greetings, nor write the index's owner
    assertThat(Permissions.allows(rules, "samples.maestro.dev", "greetings", "delete")).isFalse();
    assertThat(Permissions.allows(rules, "samples.maestro.dev", "greetings", "update")).isFalse();
  }

  /** The RBAC verb of a request, as the API server's authorizer names it. */
  private static String verb(RequestLog.Request request, ResourcePath path) {
    return switch (request.method().toUpperCase(Locale.ROOT)) {
      case "GET" -> path.query().contains("watch=true") ? "watch" : path.name() == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> path.name() == null ? "deletecollection" : "delete";
      default -> throw new IllegalArgumentException("unexpected method " + request.method());
    };
  }
}
