package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.Permissions;
import dev.maestro.core.runtime.ReconcileError;
import dev.maestro.core.runtime.Shard;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@code maestro} Actuator endpoint: what each controller watches, which steps it runs in which order, and how
 * it is doing: its queue, its reconciles by result, its retries and the resources failing now, with their last
 * error.
 *
 * <ul>
 *   <li>{@code GET /actuator/maestro}: every controller;</li>
 *   <li>{@code GET /actuator/maestro/{controller}}: one controller (404 when there is none of that name);</li>
 *   <li>{@code POST /actuator/maestro/{controller}} with {@code {"namespace": "...", "name": "..."}}: reconcile that
 *       resource now (deduplicated with a pending reconcile of it; leave out the namespace for a cluster-scoped
 *       type). The resource need not exist: a reconcile of a missing resource is how deletions are handled.</li>
 * </ul>
 *
 * <p>Exposure follows Boot's rules: the endpoint is available unless {@code management.endpoint.maestro.access} is
 * {@code none}, and reachable over HTTP only when {@code management.endpoints.web.exposure.include} names it. The
 * numbers are the controller's own counters since it started, not the metrics registry's, so the endpoint works
 * without Micrometer.
 */
@Endpoint(id = "maestro")
public class MaestroEndpoint {

  private final ControllerRegistry controllers;
  private final ListableBeanFactory beans;

  /** An endpoint over the controllers of {@code controllers}, reading step orders from {@code beans}. */
  public MaestroEndpoint(ControllerRegistry controllers, ListableBeanFactory beans) {
    this.controllers = controllers;
    this.beans = beans;
  }

  /**
   * Every controller, by name, in the order they were built; and the RBAC rules the application's service account
   * needs for them (and for leader election, when on).
   */
  @ReadOperation
  public ControllersDescriptor controllers() {
    Map<String, ControllerDescriptor> all = new LinkedHashMap<>();
    controllers.controllers().forEach(controller -> all.put(controller.name(), describe(controller)));
    List<RuleDescriptor> rules = Permissions.of(controllers.controllers(),
        beans.getBeanProvider(LeaderElection.class).getIfAvailable()).stream().map(RuleDescriptor::of).toList();
    return new ControllersDescriptor(all, rules);
  }

  /** One controller, or {@code null} (404) when there is none named {@code controller}. */
  @ReadOperation
  public @Nullable ControllerDescriptor controller(@Selector String controller) {
    return controllers.get(controller).map(this::describe).orElse(null);
  }

  /**
   * Asks {@code controller} to reconcile one resource now.
   *
   * @param namespace the resource's namespace; leave it out for a cluster-scoped resource type
   * @param name the resource's name
   * @return what was queued, or {@code null} (404) when there is no such controller
   * @throws InvalidEndpointRequestException (400) when the namespace does not fit the resource type or lies outside
   *     the namespaces the controller watches (also under a namespace selector, or after namespaces were removed),
   *     or when the resource belongs to another replica's shard ({@code maestro.sharding.*})
   */
  @WriteOperation
  public @Nullable ReconcileRequested reconcile(@Selector String controller, @Nullable String namespace,
      String name) {
    Controller<?> found = controllers.get(controller).orElse(null);
    if (found == null) {
      return null;
    }
    ResourceKey key = key(found, namespace, name);
    if (!found.owns(key)) {
      throw new InvalidEndpointRequestException("Controller " + controller + " reconciles " + found.shard() + "; "
          + key + " belongs to shard " + Shard.indexOf(key, found.shard().count()) + ": ask that replica",
          "Not this replica's shard");
    }
    boolean cached;
    try {
      cached = found.parents().get(key).isPresent();
    } catch (IllegalArgumentException e) {
      // a namespace the controller does not watch (now): none yet under a selector, or removed at runtime
      throw new InvalidEndpointRequestException("Controller " + controller + ": " + e.getMessage(),
          "Namespace not watched");
    }
    found.enqueue(key);
    return new ReconcileRequested(found.name(), key.toString(), cached, found.isReconciling());
  }

  private static ResourceKey key(Controller<?> controller, @Nullable String namespace, String name) {
    if (name.isBlank()) {
      throw new InvalidEndpointRequestException("Controller " + controller.name() + ": give the name of the "
          + "resource to reconcile", "Missing resource name");
    }
    boolean namespaced = Namespaced.class.isAssignableFrom(controller.type());
    boolean hasNamespace = namespace != null && !namespace.isBlank();
    if (namespaced && !hasNamespace) {
      throw new InvalidEndpointRequestException("Controller " + controller.name() + " reconciles "
          + HasMetadata.getKind(controller.type()) + ", which is namespaced: give the namespace of '" + name + "'",
          "Missing namespace");
    }
    if (!namespaced && hasNamespace) {
      throw new InvalidEndpointRequestException("Controller " + controller.name() + " reconciles "
          + HasMetadata.getKind(controller.type()) + ", which is cluster-scoped: leave out the namespace",
          "Unexpected namespace");
    }
    if (hasNamespace && !controller.namespaces().isEmpty() && !controller.namespaces().contains(namespace)) {
      throw new InvalidEndpointRequestException("Controller " + controller.name() + " watches only namespaces "
          + controller.namespaces() + ", not '" + namespace + "'", "Namespace not watched");
    }
    return new ResourceKey(hasNamespace ? namespace : null, name);
  }

  private ControllerDescriptor describe(Controller<?> controller) {
    List<InformerDescriptor> informers = new ArrayList<>();
    informers.add(InformerDescriptor.of(controller.type(), controller.namespaces(), "parent",
        controller.labelsOf(controller.type())));
    controller.watchedTypes().stream()
        .sorted(Comparator.comparing(Class::getName))
        .forEach(type -> informers.add(InformerDescriptor.of(type, controller.namespaces(), "watched",
            controller.labelsOf(type))));
    int inFlight = controller.queue().inFlight();
    long total = controller.reconcileCount();
    long errors = controller.failureCount();
    long requeues = controller.requeueCount();
    // a reconcile is counted when it starts; the ones still running have no result yet
    long successes = Math.max(0, total - errors - requeues - inFlight);
    List<ErrorDescriptor> failing = controller.failingKeys().values().stream()
        .sorted(Comparator.comparing((ReconcileError error) -> error.key().toString()))
        .map(ErrorDescriptor::of)
        .toList();
    return new ControllerDescriptor(controller.name(), ResourceDescriptor.of(controller.type()),
        controller.namespaces(), controller.isRunning(), controller.isReconciling(), controller.hasSynced(),
        controller.isWatching(), new ShardDescriptor(controller.shard().index(), controller.shard().count()),
        steps(controller), informers,
        new QueueDescriptor(controller.queue().depth(), inFlight, controller.queue().delayed(),
            controller.queue().adds(), controller.longestRunning().toMillis()),
        new ReconcilesDescriptor(total, successes, errors, requeues, controller.retryCount()),
        controller.lastReconcileTime().map(Object::toString).orElse(null),
        controller.lastError().map(ErrorDescriptor::of).orElse(null),
        failing);
  }

  private List<StepDescriptor> steps(Controller<?> controller) {
    return controllers.steps(controller.name()).stream().map(this::step).toList();
  }

  private StepDescriptor step(String bean) {
    Class<?> type = beans.getType(bean);
    return new StepDescriptor(bean, order(bean), type == null ? "?" : type.getName());
  }

  /** The order Maestro sorted the step by: {@link Ordered}, else {@code @Order}, else last. */
  private int order(String bean) {
    if (beans.isTypeMatch(bean, Ordered.class)) {
      return beans.getBean(bean, Ordered.class).getOrder();
    }
    Order order = beans.findAnnotationOnBean(bean, Order.class);
    return order != null ? order.value() : Ordered.LOWEST_PRECEDENCE;
  }

  /**
   * Every controller, by name.
   *
   * @param controllers the controllers
   * @param rules the RBAC rules the application needs: the {@code rules} of a ClusterRole for its service account
   */
  public record ControllersDescriptor(Map<String, ControllerDescriptor> controllers, List<RuleDescriptor> rules)
      implements OperationResponseBody {}

  /**
   * One rule of a ClusterRole.
   *
   * @param apiGroups the API group ({@code ""} for the core group)
   * @param resources the resource, or resource and subresource ({@code greetings/status})
   * @param verbs what may be done with it
   */
  public record RuleDescriptor(List<String> apiGroups, List<String> resources, List<String> verbs) {

    static RuleDescriptor of(PolicyRule rule) {
      return new RuleDescriptor(List.copyOf(rule.getApiGroups()), List.copyOf(rule.getResources()),
          List.copyOf(rule.getVerbs()));
    }
  }

  /**
   * One controller.
   *
   * @param name the controller's name
   * @param resource the parent resource type
   * @param namespaces the namespaces watched; empty for all
   * @param running whether the controller runs
   * @param reconciling whether it takes keys: it runs and, under leader election, this replica leads
   * @param synced whether every informer has synced
   * @param watching whether every watch is connected
   * @param shard the part of the keys this replica reconciles (maestro.sharding.*)
   * @param steps the steps, in the order they run
   * @param informers the types cached, the parent first
   * @param queue the work queue now
   * @param reconciles the reconciles since start, by result
   * @param lastReconcileTime when the last reconcile ended (ISO-8601), if any did
   * @param lastError the last error of any resource, if any
   * @param failing the resources whose last reconcile failed, with their error
   */
  public record ControllerDescriptor(String name, ResourceDescriptor resource, List<String> namespaces,
      boolean running, boolean reconciling, boolean synced, boolean watching, ShardDescriptor shard,
      List<StepDescriptor> steps,
      List<InformerDescriptor> informers, QueueDescriptor queue, ReconcilesDescriptor reconciles,
      @Nullable String lastReconcileTime, @Nullable ErrorDescriptor lastError, List<ErrorDescriptor> failing)
      implements OperationResponseBody {}

  /**
   * A resource type.
   *
   * @param apiVersion its group and version
   * @param kind its kind
   * @param plural its plural, as in API paths
   * @param type its Java class
   */
  public record ResourceDescriptor(String apiVersion, String kind, String plural, String type) {

    static ResourceDescriptor of(Class<? extends HasMetadata> type) {
      return new ResourceDescriptor(HasMetadata.getApiVersion(type), HasMetadata.getKind(type),
          HasMetadata.getPlural(type), type.getName());
    }
  }

  /**
   * A step.
   *
   * @param bean its bean name
   * @param order the order it was sorted by ({@code @Order} or {@link Ordered})
   * @param type its class
   */
  public record StepDescriptor(String bean, int order, String type) {}

  /**
   * The informers of one type.
   *
   * @param apiVersion the type's group and version
   * @param kind the type's kind
   * @param namespaces the namespaces informed on; empty for all (or for a cluster-scoped type)
   * @param role {@code parent} for the reconciled type, {@code watched} for owned and cached types
   * @param labels the labels of the only objects cached (the informers' label selector); empty for all
   */
  public record InformerDescriptor(String apiVersion, String kind, List<String> namespaces, String role,
      Map<String, String> labels) {

    static InformerDescriptor of(Class<? extends HasMetadata> type, List<String> namespaces, String role,
        Map<String, String> labels) {
      return new InformerDescriptor(HasMetadata.getApiVersion(type), HasMetadata.getKind(type),
          Namespaced.class.isAssignableFrom(type) ? namespaces : List.of(), role, new java.util.TreeMap<>(labels));
    }
  }

  /**
   * The work queue.
   *
   * @param depth keys waiting for a worker
   * @param inFlight keys being reconciled now
   * @param delayed keys waiting for a requeue-after or retry delay to pass
   * @param adds keys queued since start (not counting adds of a key already waiting)
   * @param longestRunningMillis how long the longest reconcile in flight has been running
   */
  public record QueueDescriptor(int depth, int inFlight, int delayed, long adds, long longestRunningMillis) {}

  /**
   * Reconciles since start, by result.
   *
   * @param total reconciles started
   * @param success reconciles that succeeded
   * @param error reconciles that failed (conflicts included)
   * @param requeue reconciles that succeeded and asked to run again later
   * @param retries retries scheduled after failures
   */
  public record ReconcilesDescriptor(long total, long success, long error, long requeue, long retries) {}

  /**
   * The last error of a resource.
   *
   * @param key the resource, {@code namespace/name}
   * @param reason the machine-readable reason
   * @param message the human message
   * @param at when it happened (ISO-8601)
   * @param retries how many retries in a row the resource has had
   */
  public record ErrorDescriptor(String key, String reason, String message, String at, int retries) {

    static ErrorDescriptor of(ReconcileError error) {
      return new ErrorDescriptor(error.key().toString(), error.reason(), error.message(), error.at().toString(),
          error.retries());
    }
  }

  /**
   * The part of the keys a controller reconciles: shard {@code index} of {@code count} (0 of 1 when unsharded).
   *
   * @param index this replica's shard
   * @param count how many shards the keys are split into
   */
  public record ShardDescriptor(int index, int count) {}

  /**
   * A reconcile requested through the endpoint.
   *
   * @param controller the controller asked
   * @param key the resource queued, {@code namespace/name}
   * @param cached whether the controller's cache holds the resource (if not, the reconcile handles its absence)
   * @param reconciling whether the controller reconciles now; if not (a replica standing by for leadership), the
   *     key waits in its queue until this replica leads
   */
  public record ReconcileRequested(String controller, String key, boolean cached, boolean reconciling)
      implements OperationResponseBody {}
}
