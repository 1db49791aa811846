package dev.maestro.autoconfigure.actuate;

import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.ReconcileError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one controller, judged by its connection to the API server and nothing else.
 *
 * <ul>
 *   <li><b>UP</b> once every informer has synced, while their watches are connected; also while a watch has been
 *       disconnected for less than the grace period (the API server closes watches routinely, and fabric8
 *       re-establishes them).</li>
 *   <li><b>OUT_OF_SERVICE</b> (not ready) while the informers are still listing, up to the sync timeout.</li>
 *   <li><b>DOWN</b> when the informers have not synced within the sync timeout, or a watch has been disconnected
 *       for longer than the grace period.</li>
 * </ul>
 *
 * <p>Under leader election a replica that stands by is as healthy as the leader (its caches are warm, it must
 * stay ready to take over); the details say whether it reconciles ({@code reconciling}) and, with an election,
 * which replica holds the Lease ({@code leaderElection}).
 *
 * <p>Errors of single resources never change the status: a resource that fails to reconcile is reported in the
 * details ({@code lastError}, {@code failing}), in the {@code maestro} endpoint and in metrics, but an operator
 * that cannot reconcile one broken resource is still healthy and must not be restarted or taken out of service for
 * it.
 *
 * <p>How long a state has lasted is measured from the first time it was {@linkplain #sample() sampled};
 * {@link ControllerHealthSampler} samples every indicator in the background, so the measure does not depend on how
 * often someone asks for health.
 */
public final class ControllerHealthIndicator implements HealthIndicator {

  private final Controller<?> controller;
  private final Duration syncTimeout;
  private final Duration watchGracePeriod;
  private final LongSupplier nanoTime;
  private final @Nullable LeaderElection election;

  // guarded by this; "since" values are only meaningful while the matching flag is set
  private boolean unsynced;
  private long unsyncedSince;
  private boolean unwatched;
  private long unwatchedSince;

  /** An indicator for {@code controller}, measuring time with {@link System#nanoTime()}. */
  public ControllerHealthIndicator(Controller<?> controller, Duration syncTimeout, Duration watchGracePeriod) {
    this(controller, syncTimeout, watchGracePeriod, null, System::nanoTime);
  }

  /** An indicator for {@code controller}, which runs under {@code election} (if not null). */
  public ControllerHealthIndicator(Controller<?> controller, Duration syncTimeout, Duration watchGracePeriod,
      @Nullable LeaderElection election) {
    this(controller, syncTimeout, watchGracePeriod, election, System::nanoTime);
  }

  /** An indicator for {@code controller} measuring time with {@code nanoTime} (tests). */
  ControllerHealthIndicator(Controller<?> controller, Duration syncTimeout, Duration watchGracePeriod,
      @Nullable LeaderElection election, LongSupplier nanoTime) {
    this.election = election;
    this.controller = Objects.requireNonNull(controller, "controller");
    this.syncTimeout = Objects.requireNonNull(syncTimeout, "syncTimeout");
    this.watchGracePeriod = Objects.requireNonNull(watchGracePeriod, "watchGracePeriod");
    this.nanoTime = nanoTime;
    // a controller is unsynced from the moment Maestro built it until its informers have listed
    this.unsynced = true;
    this.unsyncedSince = nanoTime.getAsLong();
  }

  /** The controller this indicator reports on. */
  public Controller<?> controller() {
    return controller;
  }

  /** Records the controller's connection state now; called on every health request and in the background. */
  synchronized Sample sample() {
    long now = nanoTime.getAsLong();
    boolean synced = controller.hasSynced();
    boolean watching = controller.isWatching();
    if (synced) {
      unsynced = false;
    } else if (!unsynced) {
      unsynced = true;
      unsyncedSince = now;
    }
    // before the first sync, the sync timeout applies, not the grace period
    if (!synced || watching) {
      unwatched = false;
    } else if (!unwatched) {
      unwatched = true;
      unwatchedSince = now;
    }
    return new Sample(synced, watching, unsynced ? Duration.ofNanos(now - unsyncedSince) : Duration.ZERO,
        unwatched ? Duration.ofNanos(now - unwatchedSince) : Duration.ZERO);
  }

  @Override
  public Health health() {
    Sample sample = sample();
    Health.Builder health;
    if (!sample.synced()) {
      health = sample.unsyncedFor().compareTo(syncTimeout) > 0
          ? Health.down().withDetail("problem", "informers have not synced within " + syncTimeout
              + "; is the API server reachable, and may the service account list and watch the resources?")
          : Health.status(Status.OUT_OF_SERVICE).withDetail("problem", "informers are still syncing");
    } else if (!sample.watching() && sample.unwatchedFor().compareTo(watchGracePeriod) > 0) {
      health = Health.down().withDetail("problem", "a watch has been disconnected for "
          + seconds(sample.unwatchedFor()) + ", longer than the grace period of " + watchGracePeriod);
    } else {
      health = Health.up();
    }
    health.withDetail("synced", sample.synced())
        .withDetail("watching", sample.watching())
        .withDetail("queueDepth", controller.queue().depth())
        .withDetail("inFlight", controller.queue().inFlight())
        .withDetail("failing", controller.failingKeys().size())
        .withDetail("reconciling", controller.isReconciling());
    if (election != null) {
      Map<String, Object> leadership = new LinkedHashMap<>();
      leadership.put("lease", election.lease());
      leadership.put("identity", election.identity());
      leadership.put("leading", election.isLeader());
      leadership.put("leader", election.leader().orElse(""));
      health.withDetail("leaderElection", leadership);
    }
    if (controller.shard().isSharded()) {
      health.withDetail("shard", Map.of("index", controller.shard().index(), "count", controller.shard().count()));
    }
    controller.lastReconcileTime().ifPresent(time -> health.withDetail("lastReconcileTime", time.toString()));
    controller.lastError().ifPresent(error -> health.withDetail("lastError", describe(error)));
    return health.build();
  }

  private static Map<String, Object> describe(ReconcileError error) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("key", error.key().toString());
    described.put("reason", error.reason());
    described.put("message", error.message());
    described.put("at", error.at().toString());
    return described;
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  /**
   * One observation of a controller's connection.
   *
   * @param synced whether every informer has synced
   * @param watching whether every watch is connected
   * @param unsyncedFor how long the informers have been unsynced; zero when synced
   * @param unwatchedFor how long a watch of synced informers has been disconnected; zero when all are connected
   */
  record Sample(boolean synced, boolean watching, Duration unsyncedFor, Duration unwatchedFor) {}
}
