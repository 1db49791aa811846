package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.table.ReconcilerTestSuite;
import dev.maestro.test.table.TestObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Objects of the greeting sample's tests, built the way a user would write them, and more replicas of the operator.
 */
final class Greetings {

  /** Where the build's CRD generator writes the Greeting CRD. */
  static final String CRD = "META-INF/fabric8/greetings.samples.maestro.dev-v1.yml";

  /** The suites' fixed "now", as condition transition times show it. */
  static final String NOW = ReconcilerTestSuite.DEFAULT_NOW.toString();

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Greetings() {}

  /** Greeting {@code default/name} with {@code message}. */
  static Greeting greeting(String name, @Nullable String message) {
    Greeting greeting = new Greeting();
    greeting.getMetadata().setName(name);
    greeting.getMetadata().setNamespace("default");
    greeting.getSpec().setMessage(message);
    return greeting;
  }

  /** Greeting {@code default/name} whose message is {@code key} of the ConfigMap {@code configMap}. */
  static Greeting greetingFrom(String name, String configMap, String key) {
    Greeting greeting = greeting(name, null);
    GreetingSpec.KeyRef ref = new GreetingSpec.KeyRef();
    ref.setName(configMap);
    ref.setKey(key);
    GreetingSpec.MessageSource source = new GreetingSpec.MessageSource();
    source.setConfigMapKeyRef(ref);
    greeting.getSpec().setMessageFrom(source);
    return greeting;
  }

  /**
   * Another replica of the operator beside the test's application, on the same embedded API server, without a web
   * server, with {@code properties} and the beans {@code singletons} (by name).
   */
  static ConfigurableApplicationContext replica(EmbeddedApiServer server, Map<String, Object> singletons,
      String... properties) {
    List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=none"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(GreetingOperatorApplication.class)
        .properties(all.toArray(String[]::new))
        .initializers(context -> {
          context.getBeanFactory().registerSingleton("kubernetesConnectionDetails",
              (KubernetesConnectionDetails) server::config);
          singletons.forEach(context.getBeanFactory()::registerSingleton);
        })
        .run();
  }

  /** The ConfigMap the operator keeps for {@code greeting}, holding {@code message}. */
  static ConfigMap configMap(Greeting greeting, String message) {
    return TestObjects.controlledBy(new ConfigMapBuilder()
        .withNewMetadata().withName(greeting.getMetadata().getName() + "-greeting").withNamespace("default")
        .endMetadata()
        .addToData("message", message)
        .build(), greeting);
  }

  /** The finalizer the controller puts on Greetings, since {@link GreetingIndex} has a cleanup. */
  static final String FINALIZER = "samples.maestro.dev/finalizer";

  /** {@code greeting} with the controller's finalizer, as every reconciled Greeting has it. */
  static Greeting held(Greeting greeting) {
    Greeting copy = JSON.clone(greeting);
    copy.getMetadata().getFinalizers().add(FINALIZER);
    return copy;
  }

  /** The shared index ConfigMap of namespace {@code default}, mapping Greeting names to messages. */
  static ConfigMap index(String... namesAndMessages) {
    ConfigMapBuilder index = new ConfigMapBuilder()
        .withNewMetadata().withName(GreetingIndex.INDEX).withNamespace("default").endMetadata();
    for (int i = 0; i < namesAndMessages.length; i += 2) {
      index.addToData(namesAndMessages[i], namesAndMessages[i + 1]);
    }
    return index.build();
  }

  /** {@code greeting} with a status: observedGeneration 1, {@code phase} and {@code conditions}. */
  static Greeting withStatus(Greeting greeting, String phase, Condition... conditions) {
    Greeting copy = JSON.clone(greeting);
    copy.getStatus().setObservedGeneration(1L);
    copy.getStatus().setPhase(phase);
    copy.getStatus().setConditions(List.of(conditions));
    return copy;
  }

  /** {@code greeting} as a successful reconcile leaves its status. */
  static Greeting ready(Greeting greeting) {
    return withStatus(greeting, "Ready",
        condition("Valid", "True", "SpecValid", ""),
        condition("ConfigMapReady", "True", "ConfigMapInSync",
            "ConfigMap " + GreetingConfigMap.nameOf(greeting) + " holds the message"),
        condition("Ready", "True", "Reconciled", ""));
  }

  /** A condition for generation 1, changed at {@link #NOW}. */
  static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withObservedGeneration(1L).withLastTransitionTime(NOW).build();
  }
}
