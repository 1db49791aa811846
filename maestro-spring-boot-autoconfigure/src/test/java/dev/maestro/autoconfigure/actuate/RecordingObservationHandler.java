package dev.maestro.autoconfigure.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the context of every observation that stopped, in the order they stopped. */
final class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  @Override
  public void onStop(Observation.Context context) {
    stopped.add(context);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return true;
  }

  /** The stopped observations named {@code name}. */
  List<Observation.Context> stopped(String name) {
    return stopped.stream().filter(context -> context.getName().equals(name)).toList();
  }
}
