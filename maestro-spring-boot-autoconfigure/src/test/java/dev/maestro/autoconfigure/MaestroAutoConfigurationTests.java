package dev.maestro.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.ControllerOptions;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;

/**
 * What the auto-configuration makes of a context's {@link ParentReconciler} and {@link SubReconciler} beans: which
 * controllers it builds, with which options and steps in which order, which wiring mistakes stop the start-up, and
 * when the controllers run. Contexts that start controllers talk to one embedded API server shared by the class.
 */
class MaestroAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create()
      .onStart(s -> s.installCrd(Gadget.crd()).installCrd(Gizmo.crd()));

  private static final AtomicInteger namespaces = new AtomicInteger();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KubernetesClientAutoConfiguration.class, MaestroAutoConfiguration.class))
      .withBean(KubernetesConnectionDetails.class, () -> server::config);

  // --- beans

  @Test
  void registryAndLifecycleAreAutoConfigured() {
    runner.run(context -> assertThat(context)
        .hasSingleBean(KubernetesClient.class)
        .hasSingleBean(KubernetesConnectionDetails.class)
        .hasSingleBean(ControllerRegistry.class)
        .hasSingleBean(MaestroLifecycle.class));
  }

  @Test
  void disablingMaestroCreatesNoRegistryAndNoLifecycle() {
    runner.withPropertyValues("maestro.enabled=false")
        .withUserConfiguration(GadgetParent.class)
        .run(context -> assertThat(context)
            .hasNotFailed()
            .doesNotHaveBean(ControllerRegistry.class)
            .doesNotHaveBean(MaestroLifecycle.class));
  }

  // --- controllers and their options

  @Test
  void eachParentReconcilerBeanGetsOneController() {
    runner.withUserConfiguration(GadgetParent.class, NamedGizmoParent.class).run(context -> {
      ControllerRegistry registry = context.getBean(ControllerRegistry.class);
      assertThat(registry.controllers()).extracting(Controller::name)
          .containsExactlyInAnyOrder("gadgets", "gizmo-controller");
      assertThat(registry.get("gadgets")).get().extracting(Controller::type).isEqualTo(Gadget.class);
      assertThat(registry.get("gizmo-controller")).get().extracting(Controller::type).isEqualTo(Gizmo.class);
    });
  }

  @Test
  void controllerIsNamedAfterTheResourcePluralByDefault() {
    runner.withUserConfiguration(GadgetParent.class).run(context -> assertThat(
        context.getBean(ControllerRegistry.class).controllers()).extracting(Controller::name)
        .containsExactly("gadgets"));
  }

  @Test
  void controllerTakesTheNameOfItsParentReconciler() {
    runner.withUserConfiguration(NamedGizmoParent.class).run(context -> assertThat(
        context.getBean(ControllerRegistry.class).controllers()).extracting(Controller::name)
        .containsExactly("gizmo-controller"));
  }

  @Test
  void parentReconcilerAttributesOverrideNamespacesAndConcurrencyProperties() {
    runner.withPropertyValues("maestro.namespaces=north", "maestro.concurrency=7")
        .withUserConfiguration(TunedGadgetParent.class)
        .run(context -> {
          ControllerOptions options = options(context, "gadgets");
          assertThat(options.namespaces()).containsExactly("east", "west");
          assertThat(options.concurrency()).isEqualTo(2);
        });
  }

  @Test
  void namespacesAndConcurrencyPropertiesApplyWhenTheParentReconcilerIsSilent() {
    runner.withPropertyValues("maestro.namespaces=north,south", "maestro.concurrency=7")
        .withUserConfiguration(GadgetParent.class)
        .run(context -> {
          ControllerOptions options = options(context, "gadgets");
          assertThat(options.namespaces()).containsExactly("north", "south");
          assertThat(options.concurrency()).isEqualTo(7);
        });
  }

  @Test
  void retryPropertiesBecomeTheRetryPolicy() {
    runner.withPropertyValues("maestro.retry.base-delay=50ms", "maestro.retry.max-delay=10s",
            "maestro.retry.rate=3.5", "maestro.retry.burst=9")
        .withUserConfiguration(GadgetParent.class)
        .run(context -> assertThat(options(context, "gadgets").retry())
            .isEqualTo(new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(10), 3.5, 9)));
  }

  @Test
  void timeoutPropertiesReachTheControllerOptions() {
    runner.withPropertyValues("maestro.shutdown-timeout=3s", "maestro.sync-timeout=20s")
        .withUserConfiguration(GadgetParent.class)
        .run(context -> {
          ControllerOptions options = options(context, "gadgets");
          assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(options.syncTimeout()).isEqualTo(Duration.ofSeconds(20));
        });
  }

  @Test
  void parentReconcilerThatIsAControllerCustomizerAdjustsItsController() {
    runner.withPropertyValues("maestro.shutdown-timeout=3s")
        .withUserConfiguration(CustomizingGadgetParent.class)
        .run(context -> assertThat(options(context, "gadgets").shutdownTimeout()).isEqualTo(Duration.ofSeconds(9)));
  }

  // --- steps and their order

  @Test
  void stepsAreListedInOrderOfOrderAnnotationsAndOrderedInterface() {
    runner.withUserConfiguration(GadgetParent.class, RecordingSteps.class).run(context -> assertThat(
        context.getBean(ControllerRegistry.class).steps("gadgets")).containsExactly("first", "second", "third"));
  }

  @Test
  void stepsRunInTheirOrderWhenTheControllerReconciles() {
    String namespace = "run-order-" + namespaces.incrementAndGet();
    runner.withPropertyValues("maestro.namespaces=" + namespace)
        .withUserConfiguration(GadgetParent.class, RecordingSteps.class)
        .run(context -> {
          RunLog log = context.getBean(RunLog.class);
          context.getBean(KubernetesClient.class).resource(Gadget.of(namespace, "g1")).create();
          await().atMost(Duration.ofSeconds(10))
              .untilAsserted(() -> assertThat(log.entries()).hasSizeGreaterThanOrEqualTo(3));
          assertThat(log.entries().subList(0, 3)).containsExactly("first", "second", "third");
        });
  }

  @Test
  void controllersKeepRunningThroughAPauseOfTheContext() {
    // Spring's test context cache pauses a context it keeps for later and restarts it when a test needs it again;
    // a stopped controller cannot start again, so pausing must leave the controllers running
    String namespace = "paused-" + namespaces.incrementAndGet();
    runner.withPropertyValues("maestro.namespaces=" + namespace)
        .withUserConfiguration(GadgetParent.class, RecordingSteps.class)
        .run(context -> {
          context.getSourceApplicationContext(org.springframework.context.ConfigurableApplicationContext.class)
              .pause();
          assertThat(context.getBean(MaestroLifecycle.class).isRunning()).isTrue();
          context.getSourceApplicationContext(org.springframework.context.ConfigurableApplicationContext.class)
              .restart();
          RunLog log = context.getBean(RunLog.class);
          context.getBean(KubernetesClient.class).resource(Gadget.of(namespace, "g1")).create();
          await().atMost(Duration.ofSeconds(10))
              .untilAsserted(() -> assertThat(log.entries()).hasSizeGreaterThanOrEqualTo(3));
        });
  }

  @Test
  void stepDeclaredByBeanMethodIsFoundAndOrderedByTheMethodsOrderAnnotation() {
    runner.withUserConfiguration(GadgetParent.class, MixedSteps.class).run(context -> assertThat(
        context.getBean(ControllerRegistry.class).steps("gadgets")).containsExactly("first", "second", "third"));
  }

  @Test
  void subReconcilerJoinsTheParentItNames() {
    runner.withUserConfiguration(GadgetParent.class, GizmoParent.class, StepNamingItsParent.class)
        .run(context -> {
          ControllerRegistry registry = context.getBean(ControllerRegistry.class);
          assertThat(registry.steps("gizmos")).containsExactly("anyResourceStep");
          assertThat(registry.steps("gadgets")).isEmpty();
        });
  }

  // --- start-up errors

  @Test
  void subReconcilerWithoutAParentOfItsTypeFailsTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class, OrphanGizmoStep.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'orphanStep'").hasMessageContaining(Gizmo.class.getName())
        .hasMessageContaining("no @ParentReconciler bean reconciles that type"));
  }

  @Test
  void subReconcilerMatchingTwoParentsFailsTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class, GizmoParent.class, AmbiguousStep.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'sharedStep'").hasMessageContaining("gadgetParent")
        .hasMessageContaining("gizmoParent").hasMessageContaining("@SubReconciler(parent = \"...\")"));
  }

  @Test
  void subReconcilerNamingAnUnknownParentFailsTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class, StepNamingAMissingParent.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'lostStep'").hasMessageContaining("'noSuchParent'")
        .hasMessageContaining("known parents: [gadgetParent]"));
  }

  @Test
  void twoParentReconcilersForOneTypeFailTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class, SecondGadgetParent.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'gadgetParent'").hasMessageContaining("'otherGadgetParent'")
        .hasMessageContaining("one controller per resource type"));
  }

  @Test
  void parentReconcilerWithoutAResourceTypeFailsTheStartUp() {
    runner.withUserConfiguration(UntypedParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'untypedParent'").hasMessageContaining("use @ParentReconciler(MyResource.class)"));
  }

  @Test
  void parentReconcilerOfATypeWithoutGroupAndVersionFailsTheStartUp() {
    runner.withUserConfiguration(UnversionedParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'unversionedParent'").hasMessageContaining(Unversioned.class.getName())
        .hasMessageContaining("@Group and @Version"));
  }

  @Test
  void subReconcilerThatIsNotAStepFailsTheStartUp() {
    runner.withUserConfiguration(GadgetParent.class, NotAStep.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'notAStep'")
        .hasMessageContaining("not a dev.maestro.core.Step"));
  }

  @Test
  void parentReconcilerOfATypeWhoseStatusLacksConditionsFailsTheStartUp() {
    runner.withUserConfiguration(ConditionlessParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'conditionlessParent'").hasMessageContaining(Conditionless.class.getName())
        .hasMessageContaining("has no field 'conditions'").hasMessageContaining("StatusPolicy"));
  }

  @Test
  void twoParentReconcilersNamingTheirControllersAlikeFailTheStartUp() {
    runner.withUserConfiguration(SameNameParents.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'sameNameGadget'").hasMessageContaining("'sameNameGizmo'")
        .hasMessageContaining("both name their controller 'same'"));
  }

  @Test
  void parentReconcilerWithABlankControllerNameFailsTheStartUp() {
    runner.withUserConfiguration(BlankNameParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'blankNameParent'").hasMessageContaining("must not be blank"));
  }

  @Test
  void parentReconcilerWithASlashInItsControllerNameFailsTheStartUp() {
    runner.withUserConfiguration(SlashNameParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'slashNameParent'").hasMessageContaining("'shop/gadgets'")
        .hasMessageContaining("must not contain '/'"));
  }

  @Test
  void parentReconcilerNamingAMalformedNamespaceFailsTheStartUpNamingItsBean() {
    runner.withUserConfiguration(MalformedNamespaceParent.class).run(context -> assertThat(configurationError(context))
        .hasMessageContaining("'malformedNamespaceParent'").hasMessageContaining("'Shop_Prod'"));
  }

  @Test
  void controllerCustomizerThatThrowsFailsTheStartUpNamingItsBean() {
    runner.withUserConfiguration(ThrowingCustomizerParent.class).run(context -> assertThat(
        configurationError(context)).hasMessageContaining("'gadgetParent'")
        .hasMessageContaining("customize").hasMessageContaining("no clock configured")
        .hasRootCauseInstanceOf(NullPointerException.class));
  }

  // --- invalid properties

  @Test
  void invalidDurationsFailTheStartUpNamingTheProperty() {
    assertPropertyRejected("maestro.shutdown-timeout=-5s", "maestro.shutdown-timeout", "must not be negative");
    assertPropertyRejected("maestro.sync-timeout=0s", "maestro.sync-timeout", "must be positive");
    assertPropertyRejected("maestro.resync=-1m", "maestro.resync", "must not be negative");
  }

  @Test
  void invalidConcurrencyAndRetryFailTheStartUpNamingTheProperty() {
    assertPropertyRejected("maestro.concurrency=0", "maestro.concurrency", "must be at least 1");
    assertPropertyRejected("maestro.retry.base-delay=0ms", "maestro.retry.base-delay", "must be positive");
    assertPropertyRejected("maestro.retry.max-delay=1ms", "maestro.retry.max-delay",
        "must not be shorter than maestro.retry.base-delay");
    assertPropertyRejected("maestro.retry.rate=0", "maestro.retry.rate", "must be positive");
    assertPropertyRejected("maestro.retry.burst=0", "maestro.retry.burst", "must be at least 1");
  }

  @Test
  void malformedNamespacesAndSelectorsFailTheStartUpNamingTheProperty() {
    assertPropertyRejected("maestro.namespaces=shop,,billing", "maestro.namespaces", "must not be blank");
    assertPropertyRejected("maestro.namespaces=Shop_Prod", "maestro.namespaces", "'Shop_Prod' is not a valid");
    assertPropertyRejected("maestro.namespace-selector[team name]=a", "maestro.namespace-selector",
        "'team name' is not a valid label key");
    assertPropertyRejected("maestro.namespace-selector.team=a b", "maestro.namespace-selector",
        "'a b' is not a valid label value");
  }

  @Test
  void validNamespacesAndSelectorsAreAccepted() {
    runner.withPropertyValues("maestro.namespace-selector[app.kubernetes.io/part-of]=shop",
        "maestro.namespace-selector.tier=", "maestro.resync=0s")
        .run(context -> assertThat(context).hasNotFailed());
  }

  /** The start-up fails before any controller is built, with Boot's binding error naming the property. */
  private void assertPropertyRejected(String property, String name, String reason) {
    runner.withPropertyValues(property).withUserConfiguration(GadgetParent.class)
        .run(context -> assertBindingRejected(context, name, reason));
  }

  /** {@code context} failed to start with Boot's binding error for the property {@code name}, saying {@code reason}. */
  static void assertBindingRejected(AssertableApplicationContext context, String name, String reason) {
    assertThat(context).hasFailed();
    Throwable failure = context.getStartupFailure();
    while (failure != null && !(failure instanceof BindValidationException)) {
      failure = failure.getCause();
    }
    assertThat(failure).as("BindValidationException for " + name, context.getStartupFailure()).isNotNull();
    assertThat(((BindValidationException) failure).getValidationErrors()).anySatisfy(error -> {
      assertThat(error).isInstanceOf(FieldError.class);
      assertThat(((FieldError) error).getObjectName() + "." + ((FieldError) error).getField()).isEqualTo(name);
      assertThat(error.getDefaultMessage()).contains(reason);
    });
  }

  // --- lifecycle

  @Test
  void controllersRunOnceTheContextHasStarted() {
    runner.withUserConfiguration(GadgetParent.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ControllerRegistry.class).controllers()).isNotEmpty()
          .allMatch(Controller::isRunning);
    });
  }

  @Test
  void controllersStopWhenTheContextCloses() {
    List<Controller<?>> controllers = new ArrayList<>();
    runner.withUserConfiguration(GadgetParent.class, GizmoParent.class)
        .run(context -> {
          controllers.addAll(context.getBean(ControllerRegistry.class).controllers());
          assertThat(controllers).hasSize(2).allMatch(Controller::isRunning);
        });
    assertThat(controllers).hasSize(2).noneMatch(Controller::isRunning);
  }

  @Test
  void aNonDaemonThreadKeepsTheJvmAliveWhileControllersRun() {
    runner.withUserConfiguration(GadgetParent.class).run(context -> assertThat(keepAliveThreads())
        .singleElement().satisfies(thread -> assertThat(thread.isDaemon()).isFalse()));
    await().atMost(Duration.ofSeconds(5)).until(() -> keepAliveThreads().isEmpty());
  }

  @Test
  void withoutControllersNothingKeepsTheJvmAlive() {
    runner.run(context -> assertThat(keepAliveThreads()).isEmpty());
  }

  private static List<Thread> keepAliveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(MaestroLifecycle.KEEP_ALIVE_THREAD) && thread.isAlive()).toList();
  }

  // --- configuration metadata

  @Test
  void configurationMetadataDescribesMaestroProperties() throws IOException {
    List<String> names = new ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        names.addAll(JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.properties[*].name"));
      }
    }
    assertThat(names).contains("maestro.enabled", "maestro.namespaces", "maestro.concurrency",
        "maestro.retry.base-delay", "maestro.retry.max-delay", "maestro.retry.rate", "maestro.retry.burst",
        "maestro.shutdown-timeout", "maestro.sync-timeout", "maestro.leader-election.enabled",
        "maestro.leader-election.lease-name", "maestro.leader-election.lease-namespace",
        "maestro.leader-election.identity", "maestro.leader-election.lease-duration",
        "maestro.leader-election.renew-deadline", "maestro.leader-election.retry-period");
  }

  // --- helpers

  private static ControllerOptions options(AssertableApplicationContext context, String controller) {
    assertThat(context).hasNotFailed();
    return context.getBean(ControllerRegistry.class).get(controller)
        .orElseThrow(() -> new AssertionError("no controller " + controller)).options();
  }

  /** The wiring error in the start-up failure's causes; the builder's own error may sit below it. */
  private static Throwable configurationError(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
      if (cause instanceof MaestroConfigurationException) {
        return cause;
      }
    }
    throw new AssertionError("no MaestroConfigurationException in the start-up failure",
        context.getStartupFailure());
  }

  // --- parents

  @Configuration(proxyBeanMethods = false)
  static class GadgetParent {
    @Bean
    GadgetController gadgetParent() {
      return new GadgetController();
    }
  }

  @ParentReconciler(Gadget.class)
  static class GadgetController {}

  @Configuration(proxyBeanMethods = false)
  static class SecondGadgetParent {
    @Bean
    GadgetController otherGadgetParent() {
      return new GadgetController();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class GizmoParent {
    @Bean
    GizmoController gizmoParent() {
      return new GizmoController();
    }
  }

  @ParentReconciler(resource = Gizmo.class)
  static class GizmoController {}

  @Configuration(proxyBeanMethods = false)
  static class NamedGizmoParent {
    @Bean
    NamedGizmoController gizmoParent() {
      return new NamedGizmoController();
    }
  }

  @ParentReconciler(resource = Gizmo.class, name = "gizmo-controller")
  static class NamedGizmoController {}

  @Configuration(proxyBeanMethods = false)
  static class SameNameParents {
    @Bean
    SameNameGadget sameNameGadget() {
      return new SameNameGadget();
    }

    @Bean
    SameNameGizmo sameNameGizmo() {
      return new SameNameGizmo();
    }
  }

  @ParentReconciler(resource = Gadget.class, name = "same")
  static class SameNameGadget {}

  @ParentReconciler(resource = Gizmo.class, name = "same")
  static class SameNameGizmo {}

  @Configuration(proxyBeanMethods = false)
  static class TunedGadgetParent {
    @Bean
    TunedGadgetController gadgetParent() {
      return new TunedGadgetController();
    }
  }

  @ParentReconciler(resource = Gadget.class, namespaces = {"east", "west"}, concurrency = 2)
  static class TunedGadgetController {}

  @Configuration(proxyBeanMethods = false)
  static class CustomizingGadgetParent {
    @Bean
    CustomizingGadgetController gadgetParent() {
      return new CustomizingGadgetController();
    }
  }

  @ParentReconciler(Gadget.class)
  static class CustomizingGadgetController implements ControllerCustomizer<Gadget> {
    @Override
    public void customize(ControllerBuilder<Gadget> builder) {
      builder.withShutdownTimeout(Duration.ofSeconds(9));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BlankNameParent {
    @Bean
    BlankNameController blankNameParent() {
      return new BlankNameController();
    }
  }

  @ParentReconciler(resource = Gadget.class, name = " ")
  static class BlankNameController {}

  @Configuration(proxyBeanMethods = false)
  static class SlashNameParent {
    @Bean
    SlashNameController slashNameParent() {
      return new SlashNameController();
    }
  }

  @ParentReconciler(resource = Gadget.class, name = "shop/gadgets")
  static class SlashNameController {}

  @Configuration(proxyBeanMethods = false)
  static class MalformedNamespaceParent {
    @Bean
    MalformedNamespaceController malformedNamespaceParent() {
      return new MalformedNamespaceController();
    }
  }

  @ParentReconciler(resource = Gadget.class, namespaces = "Shop_Prod")
  static class MalformedNamespaceController {}

  @Configuration(proxyBeanMethods = false)
  static class ThrowingCustomizerParent {
    @Bean
    ThrowingCustomizerController gadgetParent() {
      return new ThrowingCustomizerController();
    }
  }

  @ParentReconciler(Gadget.class)
  static class ThrowingCustomizerController implements ControllerCustomizer<Gadget> {
    @Override
    public void customize(ControllerBuilder<Gadget> builder) {
      throw new NullPointerException("no clock configured");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UntypedParent {
    @Bean
    UntypedController untypedParent() {
      return new UntypedController();
    }
  }

  @ParentReconciler(name = "untyped")
  static class UntypedController {}

  @Configuration(proxyBeanMethods = false)
  static class UnversionedParent {
    @Bean
    UnversionedController unversionedParent() {
      return new UnversionedController();
    }
  }

  @ParentReconciler(Unversioned.class)
  static class UnversionedController {}

  @Configuration(proxyBeanMethods = false)
  static class ConditionlessParent {
    @Bean
    ConditionlessController conditionlessParent() {
      return new ConditionlessController();
    }
  }

  @ParentReconciler(Conditionless.class)
  static class ConditionlessController {}

  // --- steps

  /** What steps ran, in the order they ran. */
  static class RunLog {
    private final List<String> entries = new CopyOnWriteArrayList<>();

    void add(String entry) {
      entries.add(entry);
    }

    List<String> entries() {
      return List.copyOf(entries);
    }
  }

  /** Three recording steps, declared out of order: @Order(3), @Order(1), and Ordered with order 2. */
  @Configuration(proxyBeanMethods = false)
  static class RecordingSteps {
    @Bean
    RunLog runLog() {
      return new RunLog();
    }

    @Bean
    ThirdStep third(RunLog log) {
      return new ThirdStep(log);
    }

    @Bean
    FirstStep first(RunLog log) {
      return new FirstStep(log);
    }

    @Bean
    SecondStep second(RunLog log) {
      return new SecondStep(log);
    }
  }

  /** A recording step; the first thing it records is its name. */
  abstract static class RecordingStep implements Step<Gadget> {
    private final RunLog log;
    private final String name;

    RecordingStep(RunLog log, String name) {
      this.log = log;
      this.name = name;
    }

    @Override
    public Result reconcile(ReconcileContext<Gadget> context, Gadget parent) {
      log.add(name);
      return Result.done();
    }
  }

  @SubReconciler
  @Order(1)
  static class FirstStep extends RecordingStep {
    FirstStep(RunLog log) {
      super(log, "first");
    }
  }

  @SubReconciler
  static class SecondStep extends RecordingStep implements Ordered {
    SecondStep(RunLog log) {
      super(log, "second");
    }

    @Override
    public int getOrder() {
      return 2;
    }
  }

  @SubReconciler
  @Order(3)
  static class ThirdStep extends RecordingStep {
    ThirdStep(RunLog log) {
      super(log, "third");
    }
  }

  /** @Order(3) and @Order(1) steps as classes, and an @Order(2) step as a bean method returning a lambda. */
  @Configuration(proxyBeanMethods = false)
  static class MixedSteps {
    @Bean
    RunLog runLog() {
      return new RunLog();
    }

    @Bean
    ThirdStep third(RunLog log) {
      return new ThirdStep(log);
    }

    @Bean
    @SubReconciler
    @Order(2)
    Step<Gadget> second(RunLog log) {
      return (context, gadget) -> {
        log.add("second");
        return Result.done();
      };
    }

    @Bean
    FirstStep first(RunLog log) {
      return new FirstStep(log);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StepNamingItsParent {
    @Bean
    @SubReconciler(parent = "gizmoParent")
    Step<CustomResource<?, ?>> anyResourceStep() {
      return (context, resource) -> Result.done();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StepNamingAMissingParent {
    @Bean
    @SubReconciler(parent = "noSuchParent")
    Step<Gadget> lostStep() {
      return (context, gadget) -> Result.done();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AmbiguousStep {
    @Bean
    @SubReconciler
    Step<CustomResource<?, ?>> sharedStep() {
      return (context, resource) -> Result.done();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrphanGizmoStep {
    @Bean
    GizmoStep orphanStep() {
      return new GizmoStep();
    }
  }

  @SubReconciler
  static class GizmoStep implements Step<Gizmo> {
    @Override
    public Result reconcile(ReconcileContext<Gizmo> context, Gizmo parent) {
      return Result.done();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class NotAStep {
    @Bean
    Pojo notAStep() {
      return new Pojo();
    }
  }

  @SubReconciler
  static class Pojo {}

  // --- resources Maestro must refuse

  /** A custom resource class without @Group and @Version. */
  public static class Unversioned extends CustomResource<Void, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
  }

  /** A custom resource whose status has observedGeneration but no conditions. */
  @Group("autoconfigure.maestro.dev")
  @Version("v1")
  public static class Conditionless extends CustomResource<Void, Conditionless.Status> implements Namespaced {
    private static final long serialVersionUID = 1L;

    /** A status without conditions. */
    public static class Status {
      private Long observedGeneration;

      public Long getObservedGeneration() {
        return observedGeneration;
      }

      public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
      }
    }
  }
}
