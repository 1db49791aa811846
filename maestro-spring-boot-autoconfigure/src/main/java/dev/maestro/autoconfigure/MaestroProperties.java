package dev.maestro.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of Maestro's controllers, under {@code maestro.*}. Validates itself when bound: a value no
 * controller could run with fails the start-up with Boot's binding error, which names the property.
 */
@ConfigurationProperties("maestro")
public class MaestroProperties implements Validator {

  /** A namespace name: an RFC 1123 label. */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Whether {@code name} is a valid namespace name (an RFC 1123 label of at most 63 characters). */
  static boolean isNamespaceName(String name) {
    return name.length() <= 63 && NAMESPACE.matcher(name).matches();
  }

  /** A DNS subdomain (the name of most objects): RFC 1123 labels joined by dots. */
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
      + "[a-z0-9])?)*");

  /** Whether Maestro builds and starts controllers. */
  private boolean enabled = true;

  /** Namespaces every controller watches unless its @ParentReconciler names others; empty means all. */
  private List<String> namespaces = new ArrayList<>();

  /**
   * How controllers treat namespaces they do not watch: STRICT (reads there are an error), ADHOC (read uncached), or
   * EXTENDABLE (namespaces can be added and removed at runtime through the ControllerRegistry bean).
   */
  private dev.maestro.core.runtime.NamespaceStrategy namespaceStrategy = dev.maestro.core.runtime.NamespaceStrategy.STRICT;

  /**
   * Labels a namespace must carry to be watched; when set, controllers follow matching namespaces as they appear
   * and change (EXTENDABLE), and maestro.namespaces must be empty.
   */
  private java.util.Map<String, String> namespaceSelector = new java.util.LinkedHashMap<>();

  public dev.maestro.core.runtime.NamespaceStrategy getNamespaceStrategy() {
    return namespaceStrategy;
  }

  public void setNamespaceStrategy(dev.maestro.core.runtime.NamespaceStrategy namespaceStrategy) {
    this.namespaceStrategy = namespaceStrategy;
  }

  public java.util.Map<String, String> getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(java.util.Map<String, String> namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  /** How many resources each controller reconciles at once, unless its @ParentReconciler says otherwise. */
  private int concurrency = 4;

  /** How long a shutdown waits for reconciles in flight before interrupting them. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  /** How long start-up waits for informers to list their resources. */
  private Duration syncTimeout = Duration.ofMinutes(2);

  /** How often every resource is reconciled even without a change; 0 turns the periodic resync off. */
  private Duration resync = Duration.ofHours(10);

  /**
   * Under the ADHOC strategy: how long an informer started for objects tracked outside the watched namespaces is kept
   * once nothing there is tracked any more.
   */
  private Duration adhocIdleTimeout = Duration.ofMinutes(10);

  private final Retry retry = new Retry();

  private final Events events = new Events();

  private final LeaderElection leaderElection = new LeaderElection();

  private final Sharding sharding = new Sharding();

  public Events getEvents() {
    return events;
  }

  public LeaderElection getLeaderElection() {
    return leaderElection;
  }

  public Sharding getSharding() {
    return sharding;
  }

  /**
   * Splitting the keys of every controller across replicas: each replica reconciles one shard. Every replica must
   * use the same count. With leader election on, each shard has its own Lease (the Lease name and "-shard-" and
   * the index), so that several replicas can stand by for one shard.
   */
  public static class Sharding {

    /** How many shards the keys are split into; 1 reconciles every key in one replica. */
    private int count = 1;

    /**
     * This replica's shard, from 0 to count - 1. When not set and count is above 1: the number at the end of the
     * host name (the HOSTNAME variable, a StatefulSet pod's name such as my-operator-2) modulo count.
     */
    private @Nullable Integer index;

    public int getCount() {
      return count;
    }

    public void setCount(int count) {
      this.count = count;
    }

    public @Nullable Integer getIndex() {
      return index;
    }

    public void setIndex(@Nullable Integer index) {
      this.index = index;
    }
  }

  /**
   * Leader election among the replicas of the operator: only the replica holding a coordination.k8s.io Lease
   * reconciles; the others keep their caches warm and take over when it stops or loses the Lease.
   */
  public static class LeaderElection {

    /** Whether replicas elect a leader; off, every replica reconciles (run one replica only). */
    private boolean enabled = false;

    /** Name of the Lease; "<spring.application.name>-leader" (or "maestro-leader") when empty. */
    private String leaseName = "";

    /** Namespace of the Lease; the client's namespace (the pod's own, in a cluster) when empty. */
    private String leaseNamespace = "";

    /** This replica's identity in the Lease; the host name (the pod's name) and a random UUID when empty. */
    private String identity = "";

    /** How long the Lease lasts without renewal before another replica may take it. */
    private Duration leaseDuration = Duration.ofSeconds(15);

    /** How long the leader keeps trying to renew the Lease before it stops reconciling. */
    private Duration renewDeadline = Duration.ofSeconds(10);

    /** How long replicas wait between attempts to acquire or renew the Lease. */
    private Duration retryPeriod = Duration.ofSeconds(2);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getLeaseName() {
      return leaseName;
    }

    public void setLeaseName(String leaseName) {
      this.leaseName = leaseName;
    }

    public String getLeaseNamespace() {
      return leaseNamespace;
    }

    public void setLeaseNamespace(String leaseNamespace) {
      this.leaseNamespace = leaseNamespace;
    }

    public String getIdentity() {
      return identity;
    }

    public void setIdentity(String identity) {
      this.identity = identity;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
    }

    public Duration getRenewDeadline() {
      return renewDeadline;
    }

    public void setRenewDeadline(Duration renewDeadline) {
      this.renewDeadline = renewDeadline;
    }

    public Duration getRetryPeriod() {
      return retryPeriod;
    }

    public void setRetryPeriod(Duration retryPeriod) {
      this.retryPeriod = retryPeriod;
    }
  }

  /** Kubernetes Events recorded by the controllers. */
  public static class Events {

    /** Whether controllers record Kubernetes Events (errors that change a status, condition changes). */
    private boolean enabled = true;

    /** The component events are reported as; the application's name when empty. */
    private String component = "";

    /** How condition changes become events: NONE, PER_CHANGE, PER_NEW_STATUS or IF_CHANGED. */
    private dev.maestro.core.event.ConditionEventVerbosity conditions =
        dev.maestro.core.event.ConditionEventVerbosity.NONE;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getComponent() {
      return component;
    }

    public void setComponent(String component) {
      this.component = component;
    }

    public dev.maestro.core.event.ConditionEventVerbosity getConditions() {
      return conditions;
    }

    public void setConditions(dev.maestro.core.event.ConditionEventVerbosity conditions) {
      this.conditions = conditions;
    }
  }

  public Duration getResync() {
    return resync;
  }

  public void setResync(Duration resync) {
    this.resync = resync;
  }

  public Duration getAdhocIdleTimeout() {
    return adhocIdleTimeout;
  }

  public void setAdhocIdleTimeout(Duration adhocIdleTimeout) {
    this.adhocIdleTimeout = adhocIdleTimeout;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Duration getSyncTimeout() {
    return syncTimeout;
  }

  public void setSyncTimeout(Duration syncTimeout) {
    this.syncTimeout = syncTimeout;
  }

  public Retry getRetry() {
    return retry;
  }

  /** Retry of failed reconciles: per-resource exponential backoff, and an overall rate limit. */
  public static class Retry {

    /** Delay of a resource's first retry; it doubles with every further failure. */
    private Duration baseDelay = Duration.ofMillis(5);

    /** Cap of a resource's retry delay. */
    private Duration maxDelay = Duration.ofSeconds(1000);

    /** Retries per second across all resources of a controller. */
    private double rate = 10;

    /** Retries that may go at once before the overall rate applies. */
    private int burst = 100;

    public Duration getBaseDelay() {
      return baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public double getRate() {
      return rate;
    }

    public void setRate(double rate) {
      this.rate = rate;
    }

    public int getBurst() {
      return burst;
    }

    public void setBurst(int burst) {
      this.burst = burst;
    }
  }

  @Override
  public boolean supports(Class<?> type) {
    return MaestroProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    MaestroProperties properties = (MaestroProperties) target;
    for (String namespace : properties.getNamespaces()) {
      if (namespace == null || namespace.isBlank()) {
        errors.rejectValue("namespaces", "blank", "a namespace must not be blank");
      } else if (namespace.length() > 63 || !NAMESPACE.matcher(namespace).matches()) {
        errors.rejectValue("namespaces", "invalid", "'" + namespace + "' is not a valid namespace name (lower case "
            + "letters, digits and '-', at most 63 characters)");
      }
    }
    for (Map.Entry<String, String> label : properties.getNamespaceSelector().entrySet()) {
      String key = label.getKey();
      if (!dev.maestro.core.runtime.Labels.isKey(key)) {
        errors.rejectValue("namespace-selector", "invalid", "'" + key + "' is not a valid label key");
      }
      String value = label.getValue() == null ? "" : label.getValue();
      if (!dev.maestro.core.runtime.Labels.isValue(value)) {
        errors.rejectValue("namespace-selector", "invalid", "'" + value + "' is not a valid label value (label "
            + key + ")");
      }
    }
    if (properties.getConcurrency() < 1) {
      errors.rejectValue("concurrency", "invalid", "must be at least 1");
    }
    notNegative(errors, "shutdown-timeout", properties.getShutdownTimeout());
    positive(errors, "sync-timeout", properties.getSyncTimeout());
    notNegative(errors, "resync", properties.getResync());
    positive(errors, "adhoc-idle-timeout", properties.getAdhocIdleTimeout());
    Retry retry = properties.getRetry();
    if (positive(errors, "retry.base-delay", retry.getBaseDelay()) && retry.getMaxDelay() != null
        && retry.getMaxDelay().compareTo(retry.getBaseDelay()) < 0) {
      errors.rejectValue("retry.max-delay", "invalid", "must not be shorter than maestro.retry.base-delay ("
          + retry.getBaseDelay() + ")");
    }
    if (properties.getLeaderElection().isEnabled()) {
      validate(properties.getLeaderElection(), properties.getSharding(), errors);
    }
    Sharding sharding = properties.getSharding();
    if (sharding.getCount() < 1) {
      errors.rejectValue("sharding.count", "invalid", "must be at least 1");
    } else if (sharding.getIndex() != null && (sharding.getIndex() < 0 || sharding.getIndex() >= sharding.getCount())) {
      errors.rejectValue("sharding.index", "invalid", "must be from 0 to maestro.sharding.count - 1 ("
          + (sharding.getCount() - 1) + ")");
    }
    if (!(retry.getRate() > 0)) {
      errors.rejectValue("retry.rate", "invalid", "must be positive");
    }
    if (retry.getBurst() < 1) {
      errors.rejectValue("retry.burst", "invalid", "must be at least 1");
    }
  }

  private static void validate(LeaderElection election, Sharding sharding, Errors errors) {
    String name = election.getLeaseName();
    // each shard's Lease is named with "-shard-" and its index after the name
    int suffix = sharding.getCount() > 1 ? ("-shard-" + (sharding.getCount() - 1)).length() : 0;
    if (name != null && !name.isEmpty() && (name.length() + suffix > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
      errors.rejectValue("leader-election.lease-name", "invalid", "'" + name + "' is not a valid Lease name (lower "
          + "case letters, digits, '-' and '.', at most 253 characters"
          + (suffix > 0 ? " with the shard suffix '-shard-<index>'" : "") + ")");
    }
    String namespace = election.getLeaseNamespace();
    if (namespace != null && !namespace.isEmpty() && (namespace.length() > 63
        || !NAMESPACE.matcher(namespace).matches())) {
      errors.rejectValue("leader-election.lease-namespace", "invalid", "'" + namespace + "' is not a valid "
          + "namespace name (lower case letters, digits and '-', at most 63 characters)");
    }
    boolean durations = positive(errors, "leader-election.lease-duration", election.getLeaseDuration())
        & positive(errors, "leader-election.renew-deadline", election.getRenewDeadline())
        & positive(errors, "leader-election.retry-period", election.getRetryPeriod());
    if (durations) {
      String problem = dev.maestro.core.runtime.LeaderElection.problem(election.getLeaseDuration(),
          election.getRenewDeadline(), election.getRetryPeriod());
      if (problem != null) {
        errors.rejectValue("leader-election.renew-deadline", "invalid", problem);
      }
    }
  }

  private static void notNegative(Errors errors, String field, @Nullable Duration value) {
    if (value == null) {
      errors.rejectValue(field, "required", "must be set");
    } else if (value.isNegative()) {
      errors.rejectValue(field, "invalid", "must not be negative");
    }
  }

  private static boolean positive(Errors errors, String field, @Nullable Duration value) {
    if (value == null) {
      errors.rejectValue(field, "required", "must be set");
      return false;
    }
    if (value.isNegative() || value.isZero()) {
      errors.rejectValue(field, "invalid", "must be positive");
      return false;
    }
    return true;
  }
}
