package dev.maestro.core.event;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (core/v1) about resources, the way {@code kubectl describe} shows them.
 *
 * <ul>
 *   <li><b>Aggregated.</b> An event with the same object, type, reason and message as an earlier one increments
 *       that Event's {@code count} and {@code lastTimestamp} with a merge patch instead of creating a new object.
 *       Events are named deterministically from those four, so aggregation also works across restarts. An
 *       Event that has expired or was deleted is created again, its count starting over.</li>
 *   <li><b>Rate limited per object.</b> Each object has a token bucket ({@code burst} events at once, then one per
 *       {@code refill}); what exceeds it is dropped and logged at debug.</li>
 *   <li><b>Never fails a reconcile.</b> When the events API refuses (forbidden, unavailable), the failure is
 *       logged and swallowed: events are a courtesy, not state.</li>
 *   <li><b>Never holds up a reconcile.</b> The recorder's own thread sends the events, in the order they were
 *       recorded; at most {@value #MAX_PENDING} wait for it, and more are dropped with a warning. {@link #flush}
 *       waits for the ones recorded so far; {@link #close()} sends what is left and stops the thread.</li>
 * </ul>
 * Memory is bounded: at most {@code maxTracked} series are remembered, the oldest forgotten first.
 */
public final class EventRecorder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_TRACKED = 4096;
  /** Events waiting for the recorder's thread at most; more are dropped (and logged) while the API server lags. */
  static final int MAX_PENDING = 1024;

  private final KubernetesClient client;
  private final String component;
  private final Clock clock;
  private final int burst;
  private final Duration refill;
  /** Sends the events, one at a time and in the order recorded, so that a reconcile never waits for them. */
  private final ThreadPoolExecutor sender;
  /** Guards the counts below, and is notified when an event has been sent (or failed). */
  private final Object progress = new Object();
  private long queued;
  private long sent;
  /** Events dropped when the recorder closed before it could send them. */
  private long abandoned;
  /** Events dropped for a full queue since the last warning about it, and when that warning was logged. */
  private long overflowed;
  private long overflowWarnedAt = Long.MIN_VALUE;
  private final Map<String, Series> series = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Series> eldest) {
      return size() > MAX_TRACKED;
    }
  };
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  /** A recorder reporting as {@code component}, 25 events per object at once, then one per 10 seconds. */
  public EventRecorder(KubernetesClient client, String component) {
    this(client, component, Clock.systemUTC(), 25, Duration.ofSeconds(10));
  }

  /** A recorder with its own clock and rate limit. */
  public EventRecorder(KubernetesClient client, String component, Clock clock, int burst, Duration refill) {
    this.client = Objects.requireNonNull(client, "client");
    this.component = Objects.requireNonNull(component, "component");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (burst < 1 || refill.isNegative() || refill.isZero()) {
      throw new IllegalArgumentException("burst must be at least 1 and refill positive");
    }
    this.burst = burst;
    this.refill = refill;
    // one thread, started with the first event and kept (a thread that came and went could run a later event
    // before an earlier one), taking the events in the order they were queued
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING),
        runnable -> {
          Thread thread = new Thread(runnable, "maestro-events-" + component);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The component events are reported as. */
  public String component() {
    return component;
  }

  /** Records a Normal event. */
  public void normal(HasMetadata about, String reason, String message) {
    record(about, EventType.NORMAL, reason, message);
  }

  /** Records a Warning event. */
  public void warning(HasMetadata about, String reason, String message) {
    record(about, EventType.WARNING, reason, message);
  }

  /**
   * Records an event about {@code about}: decides at once whether the rate limit lets it through, then sends it
   * from the recorder's own thread, so that the caller never waits for the API server. Never throws for API
   * failures; they are logged with the object's key.
   */
  public void record(HasMetadata about, EventType type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String name = eventName(about, type, reason, message);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    synchronized (this) {
      if (!takeToken(about.getMetadata().getUid() == null ? name : about.getMetadata().getUid(), now)) {
        log.debug("Dropped event {} {} for {}/{}: rate limit", type.value(), reason, namespace,
            about.getMetadata().getName());
        return;
      }
    }
    // what is sent is read now: the caller may change the object once this returns
    ObjectReference involved = new ObjectReferenceBuilder()
        .withApiVersion(about.getApiVersion())
        .withKind(about.getKind())
        .withNamespace(about.getMetadata().getNamespace())
        .withName(about.getMetadata().getName())
        .withUid(about.getMetadata().getUid())
        .withResourceVersion(about.getMetadata().getResourceVersion())
        .build();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now);
    synchronized (progress) {
      queued++;
    }
    try {
      sender.execute(() -> {
        try {
          send(namespace, name, involved, type, reason, message, timestamp);
        } finally {
          synchronized (progress) {
            sent++;
            progress.notifyAll();
          }
        }
      });
    } catch (RejectedExecutionException e) {
      synchronized (progress) {
        queued--;
      }
      dropped(type, reason, namespace, about.getMetadata().getName());
    }
  }

  /** Logs a dropped event: every one once the recorder is closed, at most one warning a minute for a full queue. */
  private void dropped(EventType type, String reason, String namespace, String object) {
    if (sender.isShutdown()) {
      log.warn("Dropped event {} {} for {}/{}: the recorder is closed", type.value(), reason, namespace, object);
      return;
    }
    long count;
    synchronized (progress) {
      overflowed++;
      long now = System.nanoTime();
      if (overflowWarnedAt != Long.MIN_VALUE && now - overflowWarnedAt < TimeUnit.MINUTES.toNanos(1)) {
        return;
      }
      overflowWarnedAt = now;
      count = overflowed;
      overflowed = 0;
    }
    log.warn("Dropped {} event(s), the last {} {} for {}/{}: {} events are waiting to be sent; the API server is "
        + "slow to take them", count, type.value(), reason, namespace, object, MAX_PENDING);
  }

  /**
   * Waits until every event recorded before this call has been sent (or its sending failed, which is logged).
   *
   * @return false when {@code timeout} passed first, or when the recorder was closed with events unsent
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      long target = queued;
      while (sent + abandoned < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return abandoned == 0;
    }
  }

  /**
   * Sends what is still waiting, for up to 5 seconds, and stops the recorder's thread; events recorded afterwards
   * are dropped.
   */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        int unsent = abandon(sender.shutdownNow().size());
        log.warn("Dropped {} events that could not be sent within 5 s of closing the recorder", unsent);
      }
    } catch (InterruptedException e) {
      abandon(sender.shutdownNow().size());
      Thread.currentThread().interrupt();
    }
  }

  private int abandon(int unsent) {
    synchronized (progress) {
      abandoned += unsent;
      progress.notifyAll();
    }
    return unsent;
  }

  /** Creates the event, or counts one more in its series; on the recorder's thread. */
  private void send(String namespace, String name, ObjectReference involved, EventType type, String reason,
      String message, String timestamp) {
    Series known;
    synchronized (this) {
      known = series.get(name);
    }
    try {
      if (known != null) {
        int count = known.count() + 1;
        try {
          client.v1().events().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + timestamp + "\"}");
          remember(name, new Series(count));
          return;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // the Event expired (the API server's event TTL) or was deleted: start the series again
          forget(name);
        }
      }
      Event event = new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(involved)
          .withType(type.value())
          .withReason(reason)
          .withMessage(message)
          .withCount(1)
          .withFirstTimestamp(timestamp)
          .withLastTimestamp(timestamp)
          .withNewSource().withComponent(component).endSource()
          .withReportingComponent(component)
          .build();
      try {
        client.v1().events().inNamespace(namespace).resource(event).create();
        remember(name, new Series(1));
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // recorded before (another replica, or before a restart): continue its series
        Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
        int count = (existing == null || existing.getCount() == null ? 1 : existing.getCount()) + 1;
        client.v1().events().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"count\":" + count + ",\"lastTimestamp\":\"" + timestamp + "\"}");
        remember(name, new Series(count));
      }
    } catch (RuntimeException e) {
      log.warn("Could not record event {} {} for {}/{}: {}", type.value(), reason, namespace, involved.getName(),
          e.getMessage());
    }
  }

  private synchronized void remember(String name, Series value) {
    series.put(name, value);
  }

  private synchronized void forget(String name) {
    series.remove(name);
  }

  private boolean takeToken(String object, Instant now) {
    Bucket bucket = buckets.computeIfAbsent(object, o -> new Bucket(burst, now));
    double refilled = Math.min(burst, bucket.tokens
        + (double) Math.max(0, Duration.between(bucket.updated, now).toMillis()) / refill.toMillis());
    // callers read the clock before they take the lock: never move the bucket's time backwards
    bucket.updated = now.isAfter(bucket.updated) ? now : bucket.updated;
    if (refilled < 1) {
      bucket.tokens = refilled;
      return false;
    }
    bucket.tokens = refilled - 1;
    return true;
  }

  /** {@code <object name>.<hash of uid, type, reason, message>}: stable, unique per series, a valid name. */
  private static String eventName(HasMetadata about, EventType type, String reason, String message) {
    String identity = about.getKind() + "/" + about.getMetadata().getUid() + "/" + about.getMetadata().getName()
        + "/" + type.value() + "/" + reason + "/" + message;
    String hash;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      hash = HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
    String prefix = about.getMetadata().getName();
    if (prefix.length() > 200) {
      prefix = prefix.substring(0, 200);
    }
    return prefix + "." + hash;
  }

  private record Series(int count) {}

  private static final class Bucket {
    double tokens;
    Instant updated;

    Bucket(int tokens, Instant updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
