package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.Gadget;
import dev.maestro.autoconfigure.actuate.MaestroEndpoint.ControllerDescriptor;
import dev.maestro.autoconfigure.actuate.MaestroEndpoint.InformerDescriptor;
import dev.maestro.autoconfigure.actuate.MaestroEndpoint.StepDescriptor;
import dev.maestro.core.ResourceKey;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.reflect.OperationMethod;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code maestro} endpoint: there when Actuator is on the classpath and the endpoint exposed, absent otherwise,
 * and what it reports about controllers and does when asked to reconcile.
 */
class MaestroEndpointAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = TestOperator.server();

  private final String namespace = TestOperator.namespace("endpoint");

  private ApplicationContextRunner runner() {
    return TestOperator.runner(server, namespace)
        .withConfiguration(AutoConfigurations.of(MaestroEndpointAutoConfiguration.class))
        .withUserConfiguration(TestOperator.Gadgets.class)
        .withPropertyValues("management.endpoints.web.exposure.include=maestro");
  }

  // --- conditions

  @Test
  void endpointIsThereWhenExposed() {
    runner().run(context -> assertThat(context).hasSingleBean(MaestroEndpoint.class));
  }

  @Test
  void endpointIsAbsentWhenNotExposed() {
    runner().withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroEndpoint.class));
  }

  @Test
  void endpointIsAbsentWhenItsAccessIsNone() {
    runner().withPropertyValues("management.endpoint.maestro.access=NONE")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroEndpoint.class));
  }

  @Test
  void endpointIsAbsentWithoutActuator() {
    runner().withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroEndpoint.class));
  }

  @Test
  void endpointIsAbsentWhenMaestroIsDisabled() {
    runner().withPropertyValues("maestro.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroEndpoint.class));
  }

  // --- what it reports

  @Test
  void listsEveryController() {
    runner().withUserConfiguration(TestOperator.Gizmos.class).run(context -> assertThat(
        context.getBean(MaestroEndpoint.class).controllers().controllers()).containsOnlyKeys("gadgets", "gizmos"));
  }

  @Test
  void listsTheStepsInTheOrderTheyRunWithBeanNamesAndOrders() {
    runner().run(context -> assertThat(gadgets(context.getBean(MaestroEndpoint.class)).steps()).containsExactly(
        new StepDescriptor("recordStep", 1, TestOperator.RecordStep.class.getName()),
        new StepDescriptor("finishStep", 5, TestOperator.FinishStep.class.getName())));
  }

  @Test
  void listsTheRbacRulesTheControllersNeed() {
    runner().run(context -> assertThat(context.getBean(MaestroEndpoint.class).controllers().rules()).contains(
        new MaestroEndpoint.RuleDescriptor(List.of("autoconfigure.maestro.dev"), List.of("gadgets"),
            List.of("get", "list", "watch")),
        new MaestroEndpoint.RuleDescriptor(List.of("autoconfigure.maestro.dev"), List.of("gadgets/status"),
            List.of("patch")),
        new MaestroEndpoint.RuleDescriptor(List.of(""), List.of("events"), List.of("create", "get", "patch"))));
  }

  @Test
  void describesTheResourceTypeNamespacesAndInformers() {
    runner().run(context -> {
      ControllerDescriptor gadgets = gadgets(context.getBean(MaestroEndpoint.class));
      assertThat(gadgets.resource().kind()).isEqualTo("Gadget");
      assertThat(gadgets.resource().apiVersion()).isEqualTo("autoconfigure.maestro.dev/v1");
      assertThat(gadgets.resource().plural()).isEqualTo("gadgets");
      assertThat(gadgets.resource().type()).isEqualTo(Gadget.class.getName());
      assertThat(gadgets.namespaces()).containsExactly(namespace);
      assertThat(gadgets.informers()).containsExactly(
          new InformerDescriptor("autoconfigure.maestro.dev/v1", "Gadget", List.of(namespace), "parent", Map.of()));
      assertThat(gadgets.running()).isTrue();
      assertThat(gadgets.synced()).isTrue();
      assertThat(gadgets.shard()).isEqualTo(new MaestroEndpoint.ShardDescriptor(0, 1));
    });
  }

  @Test
  void showsOneControllerByName() {
    runner().run(context -> {
      MaestroEndpoint endpoint = context.getBean(MaestroEndpoint.class);
      assertThat(endpoint.controller("gadgets")).isNotNull()
          .satisfies(gadgets -> assertThat(gadgets.name()).isEqualTo("gadgets"));
      assertThat(endpoint.controller("nothing")).isNull();
    });
  }

  @Test
  void countsReconcilesByResultAndListsTheFailingResourcesWithTheirLastError() {
    runner().run(context -> {
      MaestroEndpoint endpoint = context.getBean(MaestroEndpoint.class);
      KubernetesClient client = context.getBean(KubernetesClient.class);
      client.resource(TestOperator.gadget(namespace, "fine", "small")).create();
      client.resource(TestOperator.gadget(namespace, "bad", TestOperator.BROKEN)).create();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        ControllerDescriptor gadgets = gadgets(endpoint);
        assertThat(gadgets.failing()).singleElement().satisfies(error -> {
          assertThat(error.key()).isEqualTo(namespace + "/bad");
          assertThat(error.reason()).isEqualTo("Broken");
          assertThat(error.message()).contains("is broken");
        });
        assertThat(gadgets.lastError()).isNotNull();
        assertThat(gadgets.reconciles().error()).isGreaterThanOrEqualTo(1);
        assertThat(gadgets.reconciles().success()).isGreaterThanOrEqualTo(1);
        assertThat(gadgets.reconciles().total()).isEqualTo(gadgets.reconciles().success()
            + gadgets.reconciles().error() + gadgets.reconciles().requeue());
        assertThat(gadgets.lastReconcileTime()).isNotNull();
        assertThat(gadgets.queue().adds()).isGreaterThanOrEqualTo(2);
      });
    });
  }

  // --- reconcile now

  @Test
  void writeOperationReconcilesTheNamedResourceNow() {
    runner().run(context -> {
      MaestroEndpoint endpoint = context.getBean(MaestroEndpoint.class);
      TestOperator.ReconcileLog log = context.getBean(TestOperator.ReconcileLog.class);
      ResourceKey key = new ResourceKey(namespace, "again");
      context.getBean(KubernetesClient.class).resource(TestOperator.gadget(namespace, "again", "small")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> log.count(key) == 1);

      assertThat(endpoint.reconcile("gadgets", namespace, "again"))
          .isEqualTo(new MaestroEndpoint.ReconcileRequested("gadgets", namespace + "/again", true, true));
      await().atMost(Duration.ofSeconds(10)).until(() -> log.count(key) == 2);
    });
  }

  @Test
  void writeOperationQueuesAResourceTheCacheDoesNotHold() {
    runner().run(context -> assertThat(context.getBean(MaestroEndpoint.class).reconcile("gadgets", namespace, "gone"))
        .isEqualTo(new MaestroEndpoint.ReconcileRequested("gadgets", namespace + "/gone", false, true)));
  }

  @Test
  void writeOperationForAnUnknownControllerFindsNothing() {
    runner().run(context -> assertThat(context.getBean(MaestroEndpoint.class).reconcile("nothing", namespace, "x"))
        .isNull());
  }

  @Test
  void writeOperationRejectsANamespaceTheControllerDoesNotWatch() {
    runner().run(context -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> context.getBean(MaestroEndpoint.class).reconcile("gadgets", "elsewhere", "x"))
        .withMessageContaining("watches only namespaces [" + namespace + "]"));
  }

  @Test
  void writeOperationRejectsANamespaceOutsideTheSelectorsNamespaces() {
    // a selector that matches no namespace yet: the controller watches none, which is not "all"
    runner().withPropertyValues("maestro.namespaces=", "maestro.namespace-selector.team=" + namespace)
        .run(context -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> context.getBean(MaestroEndpoint.class).reconcile("gadgets", "elsewhere", "x"))
            .withMessageContaining("Controller gadgets").withMessageContaining("elsewhere"));
  }

  @Test
  void writeOperationRejectsAResourceOfAnotherReplicasShardAndTheDescriptionNamesTheShard() {
    runner().withPropertyValues("maestro.sharding.count=2", "maestro.sharding.index=0").run(context -> {
      MaestroEndpoint endpoint = context.getBean(MaestroEndpoint.class);
      assertThat(gadgets(endpoint).shard()).isEqualTo(new MaestroEndpoint.ShardDescriptor(0, 2));
      String theirs = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "g" + i)
          .filter(name -> dev.maestro.core.runtime.Shard.indexOf(new ResourceKey(namespace, name), 2) == 1)
          .findFirst().orElseThrow();
      String ours = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "g" + i)
          .filter(name -> dev.maestro.core.runtime.Shard.indexOf(new ResourceKey(namespace, name), 2) == 0)
          .findFirst().orElseThrow();

      assertThatExceptionOfType(InvalidEndpointRequestException.class)
          .isThrownBy(() -> endpoint.reconcile("gadgets", namespace, theirs))
          .withMessageContaining("reconciles shard 0 of 2; " + namespace + "/" + theirs + " belongs to shard 1");
      assertThat(endpoint.reconcile("gadgets", namespace, ours))
          .isEqualTo(new MaestroEndpoint.ReconcileRequested("gadgets", namespace + "/" + ours, false, true));
    });
  }

  @Test
  void writeOperationRejectsANamespacedResourceWithoutANamespace() {
    runner().run(context -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
        .isThrownBy(() -> context.getBean(MaestroEndpoint.class).reconcile("gadgets", null, "x"))
        .withMessageContaining("Gadget, which is namespaced: give the namespace of 'x'"));
  }

  @Test
  void writeOperationTakesTheNamespaceAsOptionalAndTheNameAsRequired() throws NoSuchMethodException {
    OperationMethod reconcile = new OperationMethod(MaestroEndpoint.class.getMethod("reconcile", String.class,
        String.class, String.class), OperationType.WRITE);
    assertThat(reconcile.getParameters().stream())
        .extracting(OperationParameter::getName, OperationParameter::isMandatory)
        .containsExactly(tuple("controller", true), tuple("namespace", false), tuple("name", true));
  }

  private static ControllerDescriptor gadgets(MaestroEndpoint endpoint) {
    ControllerDescriptor gadgets = endpoint.controllers().controllers().get("gadgets");
    assertThat(gadgets).isNotNull();
    return gadgets;
  }
}
