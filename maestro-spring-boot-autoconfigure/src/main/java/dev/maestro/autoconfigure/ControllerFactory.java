package dev.maestro.autoconfigure;

import dev.maestro.core.Maestro;
import dev.maestro.core.Step;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.ControllerOptions;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.tracker.Tracker;
import dev.maestro.core.runtime.RetryPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * Maps the {@link ParentReconciler} and {@link SubReconciler} beans of a context onto Maestro's
 * {@link ControllerBuilder}, failing fast, with the bean name, on every wiring mistake.
 */
final class ControllerFactory {

  private final ConfigurableListableBeanFactory beans;
  private final KubernetesClient client;
  private final MaestroProperties properties;
  private final ReconcileObserver observer;
  private final Informers informers;
  private final Tracker tracker;
  private final dev.maestro.core.event.EventRecorder events;
  private final dev.maestro.core.runtime.Shard shard;

  ControllerFactory(ConfigurableListableBeanFactory beans, KubernetesClient client, MaestroProperties properties,
      ReconcileObserver observer, Informers informers, Tracker tracker, dev.maestro.core.event.EventRecorder events,
      dev.maestro.core.runtime.Shard shard) {
    this.events = events;
    this.shard = shard;
    this.beans = beans;
    this.client = client;
    this.properties = properties;
    this.observer = observer;
    this.informers = informers;
    this.tracker = tracker;
  }

  ControllerRegistry create() {
    Map<String, Parent> parents = parents();
    Map<String, List<SubStep>> steps = new LinkedHashMap<>();
    parents.keySet().forEach(name -> steps.put(name, new ArrayList<>()));
    for (String name : beans.getBeanNamesForAnnotation(SubReconciler.class)) {
      SubStep step = subStep(name, parents);
      steps.get(step.parent()).add(step);
    }
    ControllerRegistry registry = new ControllerRegistry();
    Map<String, String> beanByName = new LinkedHashMap<>();
    for (Parent parent : parents.values()) {
      List<SubStep> ordered = new ArrayList<>(steps.get(parent.bean()));
      ordered.sort(Comparator.comparingInt(SubStep::order));
      Controller<?> controller = build(parent, ordered);
      String other = beanByName.putIfAbsent(controller.name(), parent.bean());
      if (other != null) {
        throw new MaestroConfigurationException("@ParentReconciler beans '" + other + "' and '" + parent.bean()
            + "' both name their controller '" + controller.name() + "': controller names are unique; give one "
            + "another name = \"...\"");
      }
      registry.register(controller, ordered.stream().map(SubStep::bean).toList());
    }
    return registry;
  }

  private Map<String, Parent> parents() {
    Map<String, Parent> parents = new LinkedHashMap<>();
    Map<Class<?>, String> byType = new LinkedHashMap<>();
    for (String name : beans.getBeanNamesForAnnotation(ParentReconciler.class)) {
      ParentReconciler annotation = beans.findAnnotationOnBean(name, ParentReconciler.class);
      if (annotation == null) {
        continue;
      }
      Class<? extends HasMetadata> type = annotation.resource();
      if (type == HasMetadata.class) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + name
            + "' names no resource type: use @ParentReconciler(MyResource.class)");
      }
      String other = byType.putIfAbsent(type, name);
      if (other != null) {
        throw new MaestroConfigurationException("@ParentReconciler beans '" + other + "' and '" + name
            + "' both reconcile " + type.getName() + ": one controller per resource type; merge them, or make one"
            + " a @SubReconciler");
      }
      parents.put(name, new Parent(name, type, annotation));
    }
    return parents;
  }

  private SubStep subStep(String name, Map<String, Parent> parents) {
    SubReconciler annotation = beans.findAnnotationOnBean(name, SubReconciler.class);
    ResolvableType beanType = beanType(name);
    if (!ResolvableType.forClass(Step.class).isAssignableFrom(beanType)) {
      throw new MaestroConfigurationException("@SubReconciler bean '" + name + "' is a " + beanType
          + ", not a dev.maestro.core.Step");
    }
    String parent;
    if (annotation != null && !annotation.parent().isEmpty()) {
      parent = annotation.parent();
      if (!parents.containsKey(parent)) {
        throw new MaestroConfigurationException("@SubReconciler bean '" + name + "' names parent '" + parent
            + "', which is not a @ParentReconciler bean; known parents: " + parents.keySet());
      }
    } else {
      Class<?> stepType = beanType.as(Step.class).getGeneric(0).resolve();
      if (stepType == null) {
        throw new MaestroConfigurationException("@SubReconciler bean '" + name + "' does not say which resource "
            + "it reconciles: implement Step<MyResource>, or name the parent with @SubReconciler(parent = \"...\")");
      }
      List<String> candidates = parents.values().stream()
          .filter(p -> stepType.isAssignableFrom(p.type()))
          .map(Parent::bean)
          .toList();
      if (candidates.isEmpty()) {
        throw new MaestroConfigurationException("@SubReconciler bean '" + name + "' reconciles "
            + stepType.getName() + ", but no @ParentReconciler bean reconciles that type; known parents: "
            + parents.keySet());
      }
      if (candidates.size() > 1) {
        throw new MaestroConfigurationException("@SubReconciler bean '" + name + "' could join any of "
            + candidates + ": name one with @SubReconciler(parent = \"...\")");
      }
      parent = candidates.get(0);
    }
    Object bean = beans.getBean(name);
    return new SubStep(name, parent, (Step<?>) bean, order(name, bean));
  }

  private ResolvableType beanType(String name) {
    ResolvableType type = beans.getMergedBeanDefinition(name).getResolvableType();
    if (type.resolve() == null || type.resolve() == Object.class) {
      Class<?> actual = beans.getType(name);
      return actual == null ? ResolvableType.NONE : ResolvableType.forClass(actual);
    }
    return type;
  }

  private int order(String name, Object bean) {
    if (bean instanceof Ordered ordered) {
      return ordered.getOrder();
    }
    Order order = beans.findAnnotationOnBean(name, Order.class);
    return order != null ? order.value() : Ordered.LOWEST_PRECEDENCE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Controller<?> build(Parent parent, List<SubStep> steps) {
    ParentReconciler annotation = parent.annotation();
    for (String namespace : annotation.namespaces()) {
      if (!MaestroProperties.isNamespaceName(namespace)) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': namespaces needs"
            + " namespace names (lower-case RFC 1123 labels of at most 63 characters), not '" + namespace + "'");
      }
    }
    ControllerBuilder builder = Maestro.forParent(parent.type()).withClient(client).withOptions(options(annotation))
        .withObserver(observer).withInformers(informers).withTracker(tracker).withResync(properties.getResync())
        .withNamespaceStrategy(properties.getNamespaceStrategy()).withShard(shard)
        .withAdhocIdleTimeout(properties.getAdhocIdleTimeout())
        .withEventRecorder(events).withEvents(properties.getEvents().isEnabled())
        .withConditionEvents(properties.getEvents().getConditions());
    if (!properties.getNamespaceSelector().isEmpty() && annotation.namespaces().length == 0) {
      if (!properties.getNamespaces().isEmpty()) {
        throw new MaestroConfigurationException("maestro.namespaces and maestro.namespace-selector exclude each "
            + "other: set one");
      }
      builder.inNamespacesLabelled(properties.getNamespaceSelector());
    }
    if (!annotation.name().isEmpty()) {
      if (annotation.name().isBlank()) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': the controller name "
            + "must not be blank; leave name out to use the resource's plural");
      }
      if (annotation.name().contains("/")) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': the controller name '"
            + annotation.name() + "' must not contain '/' (it is a path segment of /actuator/maestro/{name} and "
            + "/actuator/health/maestro/{name})");
      }
      builder.named(annotation.name());
    }
    for (Class<? extends HasMetadata> owned : annotation.owns()) {
      builder.watchesOwned(owned);
    }
    if (annotation.labelSelector().length > 0) {
      builder.withLabelSelector(labels(parent, "labelSelector", annotation.labelSelector()));
    }
    if (annotation.childLabels().length > 0) {
      builder.withChildLabels(labels(parent, "childLabels", annotation.childLabels()));
    }
    for (SubStep step : steps) {
      builder.register((Step) step.step());
    }
    Object bean = beans.getBean(parent.bean());
    if (bean instanceof ControllerCustomizer customizer) {
      try {
        customizer.customize(builder);
      } catch (RuntimeException e) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': its customize("
            + "ControllerBuilder) threw " + e, e);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': " + e.getMessage(),
          e);
    }
  }

  /** {@code key=value} pairs as a map; each key once. */
  private static Map<String, String> labels(Parent parent, String attribute, String[] pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? "" : pair.substring(0, equals).trim();
      String value = equals < 0 ? "" : pair.substring(equals + 1).trim();
      if (!dev.maestro.core.runtime.Labels.isKey(key) || !dev.maestro.core.runtime.Labels.isValue(value)
          || labels.put(key, value) != null) {
        throw new MaestroConfigurationException("@ParentReconciler bean '" + parent.bean() + "': " + attribute
            + " needs distinct key=value labels with a valid key and value, not '" + pair + "'");
      }
    }
    return labels;
  }

  private ControllerOptions options(ParentReconciler annotation) {
    MaestroProperties.Retry retry = properties.getRetry();
    List<String> namespaces = annotation.namespaces().length > 0 ? List.of(annotation.namespaces())
        : properties.getNamespaces();
    int concurrency = annotation.concurrency() > 0 ? annotation.concurrency() : properties.getConcurrency();
    try {
      return new ControllerOptions(namespaces, concurrency,
          new RetryPolicy(retry.getBaseDelay(), retry.getMaxDelay(), retry.getRate(), retry.getBurst()),
          properties.getShutdownTimeout(), properties.getSyncTimeout(), Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new MaestroConfigurationException("Invalid maestro.* configuration: " + e.getMessage(), e);
    }
  }

  private record Parent(String bean, Class<? extends HasMetadata> type, ParentReconciler annotation) {}

  private record SubStep(String bean, String parent, Step<?> step, int order) {}

}
