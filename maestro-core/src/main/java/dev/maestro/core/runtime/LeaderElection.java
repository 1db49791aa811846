package dev.maestro.core.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one replica of an operator reconcile at a time: the replicas compete for a {@code coordination.k8s.io/v1}
 * Lease through fabric8's {@link LeaderElector}, and only the holder's controllers take keys.
 *
 * <ul>
 *   <li><b>Standing by.</b> {@link #start(Collection)} starts every controller's informers and waits for them to
 *       sync, as {@link Controller#start()} does, but no controller reconciles yet. A replica that does not hold
 *       the Lease keeps its caches warm and its queues filled, so it takes over without listing anything.</li>
 *   <li><b>Leading.</b> Once a write of the Lease naming this replica has succeeded (not merely a read that names
 *       it), every controller queues all its cached parents (the replica that led before may have left any of them
 *       half done) and starts its workers.</li>
 *   <li><b>Losing the Lease</b>: when no write naming this replica has succeeded for the renew deadline (measured
 *       from the start of that attempt, checked on a thread of its own, so that a renewal stuck in the client's
 *       retries cannot hold it up), or fabric8 reports the Lease held by another replica, the controllers' queues
 *       stop handing out keys and reconciles in flight are interrupted, at once. Another replica can take over
 *       only once the lease duration has passed since the last renewal. The replica stands by and becomes a
 *       candidate again.</li>
 *   <li><b>Stopping</b> ({@link #stop(Duration)}): the controllers stop reconciling (in-flight reconciles get the
 *       timeout, while the Lease is still renewed), then the Lease is released so that a standby replica takes over
 *       without waiting for it to expire, then the informers stop. A reconcile still running after the timeout keeps
 *       the Lease from being released: it expires instead.</li>
 * </ul>
 *
 * <p>Leadership changes are logged at INFO with this replica's identity and the holder's. Build one with
 * {@link #forLease(String, String)}.
 */
public final class LeaderElection {

  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  /** fabric8 waits up to this factor of the retry period more between attempts to acquire the Lease. */
  private static final double JITTER_FACTOR = 1.2;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final List<Controller<?>> controllers = new ArrayList<>();
  private final AtomicLong acquisitions = new AtomicLong();
  /** One thread for leading and standing by, in the order fabric8 reports them, and for running again. */
  private final ScheduledExecutorService transitions = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "maestro-leader-election");
    thread.setDaemon(true);
    return thread;
  });
  /** Checks that the leader renews in time; its own thread, so that a busy transitions thread cannot delay it. */
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "maestro-leader-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean running;
  private volatile boolean leading;
  /**
   * Guards {@link #elected} and {@link #renewedAt}, and orders the transitions: they are queued while it is held, so
   * that the transitions thread sees "stand by" and "lead" in the order the Lease was lost and won.
   */
  private final Object handover = new Object();
  /** Whether the last write of the Lease naming this replica is younger than the renew deadline. */
  private boolean elected;
  /** {@link System#nanoTime()} at the start of the attempt whose write last named this replica. */
  private long renewedAt;
  private volatile @Nullable String leader;
  // guarded by this
  private @Nullable CompletableFuture<?> candidacy;
  private boolean released;

  private LeaderElection(Builder builder) {
    this.client = Objects.requireNonNull(builder.client, "client: call withClient(...)");
    this.namespace = builder.namespace;
    this.name = builder.name;
    this.identity = builder.identity != null ? builder.identity : defaultIdentity();
    this.leaseDuration = builder.leaseDuration;
    this.renewDeadline = builder.renewDeadline;
    this.retryPeriod = builder.retryPeriod;
  }

  /**
   * Starts building an election for the Lease {@code name} in {@code namespace}; every replica of the operator must
   * name the same Lease.
   */
  public static Builder forLease(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /**
   * An identity unique to this process: the host name (a pod's name in a cluster), an underscore and a random
   * UUID, as controller-runtime makes it, so that two processes on one host never both believe they hold the Lease.
   */
  public static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "maestro";
      }
    }
    return host + "_" + UUID.randomUUID();
  }

  /**
   * Starts the informers of every controller (this call waits for them to sync), then competes for the Lease in the
   * background; the controllers reconcile while this replica holds it.
   *
   * @throws IllegalStateException when an informer cannot start or sync in time; nothing is left running
   */
  public synchronized void start(Collection<? extends Controller<?>> toRun) {
    if (running || released) {
      throw new IllegalStateException("Leader election for Lease " + lease() + " was already started");
    }
    try {
      for (Controller<?> controller : toRun) {
        controller.startStandingBy();
        controllers.add(controller);
      }
    } catch (RuntimeException | Error e) {
      for (Controller<?> controller : controllers) {
        controller.stop(Duration.ZERO);
      }
      controllers.clear();
      transitions.shutdownNow();
      watchdog.shutdownNow();
      released = true;
      throw e;
    }
    running = true;
    log.info("Replica {} is a candidate for Lease {}; {} controller(s) stand by until it leads", identity, lease(),
        controllers.size());
    long check = Math.max(10, Math.min(retryPeriod.toMillis(), renewDeadline.toMillis() / 4));
    watchdog.scheduleWithFixedDelay(this::checkRenewal, check, check, TimeUnit.MILLISECONDS);
    campaign();
  }

  /** Becomes a candidate for the Lease; when the candidacy ends (the Lease was lost), runs again. */
  private synchronized void campaign() {
    if (!running) {
      return;
    }
    try {
      compete();
    } catch (RuntimeException e) {
      log.warn("Leader election for Lease {} could not start a candidacy: {}; trying again", lease(), e.toString());
      rerun();
    }
  }

  private void compete() {
    LeaderElector elector = client.leaderElector()
        .withConfig(new LeaderElectionConfigBuilder()
            .withName(name)
            .withLock(new WatchedLock())
            .withLeaseDuration(leaseDuration)
            .withRenewDeadline(renewDeadline)
            .withRetryPeriod(retryPeriod)
            // released by release() below: fabric8 8.0.0's own release keeps the holder in the Lease
            .withReleaseOnCancel(false)
            // leading starts with a successful write (WatchedLock), not with fabric8's report of a read naming us
            .withLeaderCallbacks(new LeaderCallbacks(() -> { }, this::unelected, this::newLeader))
            .build())
        .build();
    CompletableFuture<?> started = elector.start();
    candidacy = started;
    started.whenComplete((ignored, error) -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause != null && !(cause instanceof CancellationException)) {
        log.warn("Leader election for Lease {} failed: {}; standing by and trying again", lease(), cause.toString());
      }
      // fabric8 ends a candidacy when the Lease is lost; the replica stands by and competes again
      unelected();
      rerun();
    });
  }

  private void rerun() {
    try {
      transitions.schedule(this::campaign, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopped meanwhile
    }
  }

  /**
   * fabric8's {@link LeaseLock}, watched: a successful write naming this replica makes it lead, and any error
   * reading the Lease reaches fabric8 as a {@link KubernetesClientException}, which it logs and retries (an
   * unexpected exception there would end the candidacy for good).
   */
  private final class WatchedLock implements Lock {

    private final LeaseLock lease = new LeaseLock(namespace, name, identity);
    /** Set by {@link #get}, which fabric8 calls first in every attempt, right after it takes the time it writes. */
    private volatile long attemptStarted;

    @Override
    public @Nullable LeaderElectionRecord get(KubernetesClient kubernetesClient) {
      attemptStarted = System.nanoTime();
      try {
        return lease.get(kubernetesClient);
      } catch (KubernetesClientException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new KubernetesClientException("Lease " + lease() + " cannot be read as a leader election record: " + e,
            e);
      }
    }

    @Override
    public void create(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
      lease.create(kubernetesClient, record);
      written(record);
    }

    @Override
    public void update(KubernetesClient kubernetesClient, LeaderElectionRecord record) {
      lease.update(kubernetesClient, record);
      written(record);
    }

    private void written(LeaderElectionRecord record) {
      if (identity.equals(record.getHolderIdentity())) {
        renewed(attemptStarted);
      }
    }

    @Override
    public String identity() {
      return lease.identity();
    }

    @Override
    public String describe() {
      return lease.describe();
    }
  }

  private void transition(Runnable change) {
    try {
      transitions.execute(() -> {
        try {
          change.run();
        } catch (RuntimeException | Error e) {
          log.error("Leader election for Lease {}: a change of leadership failed", lease(), e);
        }
      });
    } catch (RejectedExecutionException e) {
      // stopped: stop(Duration) takes care of the controllers
    }
  }

  private void newLeader(@Nullable String holder) {
    leader = holder;
    if (holder != null && !holder.equals(identity)) {
      log.info("Lease {} is held by {}; replica {} stands by", lease(), holder, identity);
    }
  }

  /** A write of the Lease naming this replica succeeded; the attempt started at {@code startedAt}. */
  private void renewed(long startedAt) {
    synchronized (handover) {
      renewedAt = startedAt;
      // a write whose attempt began longer than the renew deadline ago gives no time to lead in
      if (!elected && System.nanoTime() - startedAt <= renewDeadline.toNanos()) {
        elected = true;
        transition(this::lead);
      }
    }
  }

  /** The watchdog: a leader whose last successful renewal is older than the renew deadline stops at once. */
  private void checkRenewal() {
    synchronized (handover) {
      long age = System.nanoTime() - renewedAt;
      if (elected && age > renewDeadline.toNanos()) {
        log.warn("Replica {} has not renewed Lease {} for {} ms (renew deadline {})", identity, lease(),
            TimeUnit.NANOSECONDS.toMillis(age), renewDeadline);
        unelected();
      }
    }
  }

  /**
   * This replica may no longer hold the Lease (fabric8 says so, or the watchdog): no key is handed out from here on
   * and reconciles in flight are interrupted, now; standing by follows on the transitions thread.
   */
  private void unelected() {
    synchronized (handover) {
      elected = false;
      for (Controller<?> controller : controllers) {
        controller.pauseQueue();
        controller.interruptReconciles();
      }
      transition(this::standBy);
    }
  }

  private void lead() {
    synchronized (handover) {
      if (!running || leading || !elected) {
        return;
      }
      leading = true;
      leader = identity;
      acquisitions.incrementAndGet();
      log.info("Replica {} leads (Lease {}); its {} controller(s) reconcile", identity, lease(), controllers.size());
      for (Controller<?> controller : controllers) {
        try {
          controller.lead();
        } catch (RuntimeException | Error e) {
          log.error("Replica {} leads, but controller {} could not start reconciling", identity, controller.name(), e);
        }
      }
    }
  }

  private void standBy() {
    if (!leading) {
      return;
    }
    leading = false;
    log.warn("Replica {} lost Lease {}; its controllers stopped reconciling (reconciles in flight were interrupted) "
        + "and stand by", identity, lease());
    standByAll(Duration.ZERO);
  }

  private boolean standByAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean drained = true;
    for (Controller<?> controller : controllers) {
      drained &= controller.standBy(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return drained;
  }

  /**
   * Stops: the controllers stop reconciling (reconciles in flight get {@code timeout}, then are interrupted), the
   * Lease is released if this replica holds it, and the informers stop.
   *
   * @return true when every reconcile in flight finished within the timeout
   */
  public boolean stop(Duration timeout) {
    CompletableFuture<?> ending;
    synchronized (this) {
      if (!running) {
        return true;
      }
      running = false;
      released = true;
      ending = candidacy;
    }
    leading = false;
    boolean drained;
    try {
      // on the transitions thread, after any change of leadership already under way
      drained = transitions.submit(() -> standByAll(timeout)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = standByAll(Duration.ZERO);
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("Leader election for Lease {}: stopping the controllers failed", lease(), e.getCause());
      drained = false;
    }
    transitions.shutdownNow();
    watchdog.shutdownNow();
    if (ending != null) {
      // fabric8 ends a candidacy under its elector's lock, which a hanging renewal holds until its request times
      // out: cancel beside this thread, and wait a second at most (normally it takes microseconds), so that no
      // renewal follows the release below
      Thread cancel = new Thread(() -> ending.cancel(true), "maestro-leader-election-end");
      cancel.setDaemon(true);
      cancel.start();
      try {
        cancel.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (drained) {
      release();
    } else {
      log.warn("Replica {} keeps Lease {} until it expires ({}): a reconcile was still running when it stopped",
          identity, lease(), leaseDuration);
    }
    leader = null;
    for (Controller<?> controller : controllers) {
      controller.stop(Duration.ZERO);
    }
    log.info("Replica {} left the election for Lease {}", identity, lease());
    return drained;
  }

  /**
   * Gives the Lease up if this replica holds it, so that a standby replica need not wait for it to expire: clears
   * the holder as client-go does, with an update that fails (409) should anyone have written the Lease since it was
   * read.
   */
  private void release() {
    try {
      Lease current = client.leases().inNamespace(namespace).withName(name).get();
      if (current == null || current.getSpec() == null || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      current.getSpec().setHolderIdentity("");
      current.getSpec().setLeaseDurationSeconds(1);
      current.getSpec().setAcquireTime(now);
      current.getSpec().setRenewTime(now);
      client.resource(current).update();
      log.info("Replica {} released Lease {}", identity, lease());
    } catch (RuntimeException e) {
      // it expires on its own after the lease duration
      log.warn("Replica {} could not release Lease {}: {}; it expires after {}", identity, lease(), e.toString(),
          leaseDuration);
    }
  }

  /** Whether this replica holds the Lease and its controllers reconcile. */
  public boolean isLeader() {
    return leading;
  }

  /** The identity of the Lease's holder as last seen by this replica, if any. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }

  /** This replica's identity in the Lease. */
  public String identity() {
    return identity;
  }

  /**
   * The RBAC rules the election needs: read the Lease, create it the first time, and renew and release it (an
   * update, or a patch). A Role in the Lease's namespace is enough.
   */
  public List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> policyRules() {
    return List.of(Permissions.rule("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch")));
  }

  /** The Lease, as {@code namespace/name}. */
  public String lease() {
    return namespace + "/" + name;
  }

  /** How often this replica has become the leader since it started. */
  public long acquisitions() {
    return acquisitions.get();
  }

  /** How long a Lease lasts without renewal before another replica may take it. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** How long the leader keeps trying to renew the Lease before it gives up leading. */
  public Duration renewDeadline() {
    return renewDeadline;
  }

  /** How long candidates wait between attempts to acquire or renew the Lease. */
  public Duration retryPeriod() {
    return retryPeriod;
  }

  /** Builds a {@link LeaderElection}; the durations default to client-go's (15 s, 10 s, 2 s). */
  public static final class Builder {

    private final String namespace;
    private final String name;
    private @Nullable KubernetesClient client;
    private @Nullable String identity;
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);

    private Builder(String namespace, String name) {
      this.namespace = requireText(namespace, "namespace");
      this.name = requireText(name, "name");
    }

    /** The client the Lease is read and written with. */
    public Builder withClient(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** This replica's identity; unique per process. Defaults to {@link LeaderElection#defaultIdentity()}. */
    public Builder withIdentity(String identity) {
      this.identity = requireText(identity, "identity");
      return this;
    }

    /** How long a Lease lasts without renewal before another replica may take it (default 15 s). */
    public Builder withLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
      return this;
    }

    /** How long the leader keeps trying to renew before it stops leading (default 10 s). */
    public Builder withRenewDeadline(Duration renewDeadline) {
      this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
      return this;
    }

    /** How long to wait between attempts to acquire or renew (default 2 s). */
    public Builder withRetryPeriod(Duration retryPeriod) {
      this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod");
      return this;
    }

    /**
     * Builds the election.
     *
     * @throws IllegalArgumentException when the durations cannot work together: the lease duration must be longer
     *     than the renew deadline, and the renew deadline longer than 2.2 retry periods (a period and fabric8's jitter)
     */
    public LeaderElection build() {
      String problem = problem(leaseDuration, renewDeadline, retryPeriod);
      if (problem != null) {
        throw new IllegalArgumentException("Leader election for Lease " + namespace + "/" + name + ": " + problem);
      }
      return new LeaderElection(this);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("Leader election: " + what + " must not be blank");
      }
      return value;
    }
  }

  /**
   * What is wrong with a combination of durations, or {@code null} when they work together: all positive, the
   * lease duration whole seconds (the Lease stores seconds), longer than the renew deadline, the renew deadline
   * longer than 2.2 retry periods (what fabric8 requires: a period plus up to 1.2 more of jitter).
   */
  public static @Nullable String problem(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    if (!isPositive(leaseDuration) || !isPositive(renewDeadline) || !isPositive(retryPeriod)) {
      return "lease duration, renew deadline and retry period must be positive";
    }
    if (leaseDuration.getNano() != 0) {
      return "the lease duration (" + leaseDuration + ") must be whole seconds: a Lease stores seconds, and a "
          + "shorter stored duration would let another replica take over early";
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      return "the lease duration (" + leaseDuration + ") must be longer than the renew deadline (" + renewDeadline
          + "), or a new leader could start before the old one stops";
    }
    long retry = retryPeriod.toMillis();
    if (renewDeadline.toMillis() <= retry + (long) Math.ceil(retry * JITTER_FACTOR)) {
      return "the renew deadline (" + renewDeadline + ") must be longer than " + (1 + JITTER_FACTOR)
          + " retry periods (" + retryPeriod + "), or the leader could miss its deadline between two attempts";
    }
    return null;
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
