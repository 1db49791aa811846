package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.MaestroAutoConfigurationTests.GadgetController;
import dev.maestro.autoconfigure.MaestroAutoConfigurationTests.MixedSteps;
import dev.maestro.autoconfigure.MaestroAutoConfigurationTests.RunLog;
import dev.maestro.autoconfigure.actuate.KubernetesRequestMetrics;
import dev.maestro.autoconfigure.actuate.MaestroEndpoint;
import dev.maestro.autoconfigure.actuate.MaestroEndpointAutoConfiguration;
import dev.maestro.autoconfigure.actuate.MaestroHealthContributor;
import dev.maestro.autoconfigure.actuate.MaestroHealthContributorAutoConfiguration;
import dev.maestro.autoconfigure.actuate.MaestroMetricsAutoConfiguration;
import dev.maestro.autoconfigure.actuate.MaestroObservationAutoConfiguration;
import dev.maestro.autoconfigure.actuate.ReconcileObservations;
import dev.maestro.core.runtime.Controller;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

/**
 * Maestro under Spring AOT, as {@code spring-boot-maven-plugin:process-aot} and {@code spring.aot.enabled=true} run
 * it on the JVM: the application context is processed ahead of time (conditions evaluated, bean definitions turned
 * into generated code), the generated code is compiled, and a fresh context is initialized from it alone and
 * refreshed. Maestro finds its reconcilers there through annotations on the beans' classes and on their
 * {@code @Bean} methods, and reads the generic step types, from the generated bean definitions.
 *
 * <p>{@link CompileWithForkedClassLoader}: the generated code calls package-private {@code @Bean} methods (of the
 * auto-configurations and of the fixtures), so it has to be defined in the class loader of those classes. Each test
 * method then runs in a class loader of its own, with its own embedded API server.
 */
@CompileWithForkedClassLoader
class MaestroAotTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create()
      .onStart(s -> s.installCrd(Gadget.crd()).installCrd(Gizmo.crd()));

  private static final AtomicInteger namespaces = new AtomicInteger();

  @Test
  void aotProcessedContextBuildsTheSameControllersAsTheRegularContext() {
    String namespace = "aot-registry-" + namespaces.incrementAndGet();
    Map<String, String> regular = new LinkedHashMap<>();
    withRegularContext(namespace, context -> regular.putAll(describe(context.getBean(ControllerRegistry.class))));
    withAotContext(namespace, context -> {
      ControllerRegistry registry = context.getBean(ControllerRegistry.class);
      assertThat(describe(registry)).containsExactlyEntriesOf(regular);

      // and what both should be, so that two equally broken contexts do not pass
      assertThat(registry.controllers()).extracting(Controller::name).containsExactly("gadgets", "gizmo-controller");
      Controller<?> gadgets = registry.get("gadgets").orElseThrow();
      assertThat(gadgets.type()).isEqualTo(Gadget.class);
      assertThat(gadgets.options().namespaces()).containsExactly(namespace);
      assertThat(registry.steps("gadgets")).containsExactly("first", "second", "third");
      // the parent declared by a @Bean method: its annotation is found on the method, its attributes apply
      Controller<?> gizmos = registry.get("gizmo-controller").orElseThrow();
      assertThat(gizmos.type()).isEqualTo(Gizmo.class);
      assertThat(gizmos.options().concurrency()).isEqualTo(3);
      assertThat(gizmos.options().namespaces()).containsExactly(namespace);
      assertThat(gizmos.watchedTypes()).contains(ConfigMap.class);
      assertThat(registry.steps("gizmo-controller")).isEmpty();
      assertThat(registry.controllers()).allMatch(Controller::isRunning);
    });
  }

  @Test
  void aotProcessedContextEvaluatedTheConditionsAtBuildTime() {
    withAotContext("aot-conditions-" + namespaces.incrementAndGet(), context -> {
      // nothing parses configuration classes at run time: the generated code registered the beans
      assertThat(context.containsBeanDefinition(AnnotationConfigUtils.CONFIGURATION_ANNOTATION_PROCESSOR_BEAN_NAME))
          .isFalse();
      // @ConditionalOnMissingBean backed off at build time for the application's connection details
      assertThat(context.getBeanNamesForType(KubernetesConnectionDetails.class))
          .containsExactly("embeddedApiServerConnection");
      assertThat(context.getBean(KubernetesClient.class).getMasterUrl().toString()).isEqualTo(server.url());
      assertThat(context.getBeanNamesForType(MaestroLifecycle.class)).containsExactly("maestroLifecycle");
    });
  }

  @Test
  void aotProcessedContextReconciles() {
    String namespace = "aot-reconcile-" + namespaces.incrementAndGet();
    withAotContext(namespace, context -> {
      RunLog log = context.getBean(RunLog.class);
      KubernetesClient client = server.client();
      client.resource(Gadget.of(namespace, "g1")).create();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Gadget seen = client.resources(Gadget.class).inNamespace(namespace).withName("g1").get();
        assertThat(seen.getStatus()).isNotNull();
        assertThat(seen.getStatus().getObservedGeneration()).isEqualTo(seen.getMetadata().getGeneration());
        assertThat(seen.getStatus().getConditions()).isNotEmpty();
      });
      assertThat(log.entries()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(log.entries().subList(0, 3)).containsExactly("first", "second", "third");
    });
  }

  @Test
  void aotProcessedContextKeepsTheActuatorSide() {
    String namespace = "aot-actuator-" + namespaces.incrementAndGet();
    withAotContext(ActuatorApplication.class, namespace, context -> {
      // health: the contributor is registered under its name, one indicator per controller, and in readiness
      MaestroHealthContributor contributor = context.getBean("maestroHealthContributor",
          MaestroHealthContributor.class);
      assertThat(context.getBean(HealthContributorRegistry.class).getContributor("maestro")).isSameAs(contributor);
      assertThat(context.getBean(HealthEndpointGroups.class).get("readiness").isMember("maestro")).isTrue();
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        CompositeHealthDescriptor maestro = (CompositeHealthDescriptor) health.healthForPath("maestro");
        assertThat(maestro.getStatus()).isEqualTo(Status.UP);
        assertThat(maestro.getComponents()).containsOnlyKeys("gadgets", "gizmo-controller");
        assertThat(maestro.getComponents().values()).allMatch(component -> Status.UP.equals(component.getStatus()));
      });

      // the endpoint: every controller, and the steps with the orders Maestro sorted them by
      MaestroEndpoint endpoint = context.getBean(MaestroEndpoint.class);
      assertThat(endpoint.controllers().controllers()).containsOnlyKeys("gadgets", "gizmo-controller");
      assertThat(endpoint.controller("gadgets").steps())
          .extracting(MaestroEndpoint.StepDescriptor::bean, MaestroEndpoint.StepDescriptor::order)
          .containsExactly(tuple("first", 1), tuple("second", 2), tuple("third", 3));

      // observations: reconciles observed through the application's registry, so no private timers
      assertThat(context.getBeanNamesForType(ReconcileObservations.class))
          .containsExactly("maestroReconcileObservations");
      assertThat(context.getBeanNamesForType(ObservationRegistry.class)).hasSize(1);

      // metrics: a reconcile shows up as Maestro's timer, and the client's requests are counted
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      server.client().resource(Gadget.of(namespace, "g1")).create();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Timer reconciles = meters.find(ReconcileObservations.RECONCILE)
            .tags("controller", "gadgets", "result", "success").timer();
        assertThat(reconciles).isNotNull();
        assertThat(reconciles.count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.find("maestro.queue.adds").tag("controller", "gadgets").functionCounter()).isNotNull();
        assertThat(meters.find(KubernetesRequestMetrics.REQUESTS).tags("resource", "gadgets", "subresource", "status")
            .counters()).isNotEmpty();
      });
    });
  }

  // --- contexts

  /** The application refreshed the usual way: configuration classes parsed at start-up. */
  private static void withRegularContext(String namespace, Consumer<GenericApplicationContext> action) {
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      configureEnvironment(context, namespace);
      context.register(MaestroApplication.class);
      context.refresh();
      action.accept(context);
    }
  }

  /**
   * The application processed ahead of time, its generated code compiled, and a fresh context initialized from that
   * code alone, then refreshed.
   */
  private static void withAotContext(String namespace, Consumer<GenericApplicationContext> action) {
    withAotContext(MaestroApplication.class, namespace, action);
  }

  private static void withAotContext(Class<?> application, String namespace,
      Consumer<GenericApplicationContext> action) {
    TestGenerationContext generationContext = new TestGenerationContext(application);
    ClassName initializerName;
    try (AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext()) {
      // properties are bound at run time: a value seen only at build time must not end up in the controllers
      configureEnvironment(buildTime, namespace + "-build-time");
      buildTime.register(application);
      initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generationContext);
    }
    generationContext.writeGeneratedContent();
    TestCompiler.forSystem().with(generationContext).compile(compiled -> {
      @SuppressWarnings("unchecked")
      ApplicationContextInitializer<GenericApplicationContext> initializer =
          compiled.getInstance(ApplicationContextInitializer.class, initializerName.toString());
      try (GenericApplicationContext runtime = new GenericApplicationContext()) {
        configureEnvironment(runtime, namespace);
        initializer.initialize(runtime);
        runtime.refresh();
        action.accept(runtime);
      }
    });
  }

  /** The namespace to watch; the management properties matter only to {@link ActuatorApplication}. */
  private static void configureEnvironment(GenericApplicationContext context, String namespace) {
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", Map.of(
        "maestro.namespaces", namespace,
        "management.endpoints.web.exposure.include", "health,maestro",
        "management.endpoint.health.probes.enabled", "true",
        "management.endpoint.health.show-components", "always")));
  }

  /** Each controller by name, in registry order: its type, options, watched types and steps in order. */
  private static Map<String, String> describe(ControllerRegistry registry) {
    Map<String, String> controllers = new LinkedHashMap<>();
    for (Controller<?> controller : registry.controllers()) {
      controllers.put(controller.name(), "type=" + controller.type().getName()
          + " options=" + controller.options()
          + " watches=" + controller.watchedTypes().stream().map(Class::getName).sorted().toList()
          + " steps=" + registry.steps(controller.name()));
    }
    return controllers;
  }

  // --- the application

  /** An application as a Spring Boot application would get Maestro: its auto-configurations, and its own beans. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class})
  @Import({EmbeddedApiServerConnection.class, GadgetController.class, GizmoParentMethod.class, MixedSteps.class})
  static class MaestroApplication {}

  /**
   * The same application with Actuator: Boot's health, endpoint, metrics (a simple registry) and observation
   * auto-configurations, and Maestro's four that build on them.
   */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class,
      EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
      HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
      ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
      AvailabilityProbesAutoConfiguration.class, MetricsAutoConfiguration.class,
      CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
      ObservationAutoConfiguration.class, MaestroHealthContributorAutoConfiguration.class,
      MaestroEndpointAutoConfiguration.class, MaestroObservationAutoConfiguration.class,
      MaestroMetricsAutoConfiguration.class})
  @Import({EmbeddedApiServerConnection.class, GadgetController.class, GizmoParentMethod.class, MixedSteps.class})
  static class ActuatorApplication {}

  /** The connection to the embedded API server, in place of the auto-configured one. */
  @Configuration(proxyBeanMethods = false)
  static class EmbeddedApiServerConnection {
    @Bean
    KubernetesConnectionDetails embeddedApiServerConnection() {
      return server::config;
    }
  }

  /** A parent declared by a {@code @Bean} method: the annotation is on the method, not on the bean's class. */
  @Configuration(proxyBeanMethods = false)
  static class GizmoParentMethod {
    @Bean
    @ParentReconciler(resource = Gizmo.class, name = "gizmo-controller", concurrency = 3, owns = ConfigMap.class)
    GizmoReconciler gizmoParent() {
      return new GizmoReconciler();
    }
  }

  /** A parent bean's class without annotations. */
  static class GizmoReconciler {}
}
