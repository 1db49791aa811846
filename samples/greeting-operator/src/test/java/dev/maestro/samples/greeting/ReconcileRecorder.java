package dev.maestro.samples.greeting;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.runtime.ReconcileObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.MDC;

/**
 * Records every reconcile as it starts, with the MDC of the reconcile's thread at that moment: a test's witness of
 * which keys were reconciled. Maestro picks up every {@link ReconcileObserver} bean.
 */
final class ReconcileRecorder implements ReconcileObserver {

  private final List<Reconcile> reconciles = new CopyOnWriteArrayList<>();

  @Override
  public Observation reconcileStarted(String controller, ResourceKey key, Duration queueWait) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    reconciles.add(new Reconcile(controller, key, mdc == null ? Map.of() : Map.copyOf(mdc)));
    return Observation.NOOP;
  }

  /** The reconciles of {@code key} so far. */
  List<Reconcile> of(ResourceKey key) {
    return reconciles.stream().filter(reconcile -> reconcile.key().equals(key)).toList();
  }

  /**
   * One reconcile.
   *
   * @param controller the controller's name
   * @param key the resource
   * @param mdc the MDC when it started
   */
  record Reconcile(String controller, ResourceKey key, Map<String, String> mdc) {}
}
