package dev.maestro.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code maestro} health component: one {@link ControllerHealthIndicator} per controller, named after the
 * controller ({@code /actuator/health/maestro/greetings}). Its status is the worst of its controllers'.
 */
public final class MaestroHealthContributor implements CompositeHealthContributor {

  private final Map<String, ControllerHealthIndicator> indicators;
  private final CompositeHealthContributor delegate;

  /** A component of these indicators, named after their controllers. */
  public MaestroHealthContributor(List<ControllerHealthIndicator> indicators) {
    Map<String, ControllerHealthIndicator> byName = new LinkedHashMap<>();
    indicators.forEach(indicator -> byName.put(indicator.controller().name(), indicator));
    this.indicators = byName;
    this.delegate = CompositeHealthContributor.fromMap(byName);
  }

  /** The indicators, one per controller, in the order the controllers were built. */
  public List<ControllerHealthIndicator> indicators() {
    return List.copyOf(indicators.values());
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return delegate.getContributor(name);
  }

  @Override
  public Stream<Entry> stream() {
    return delegate.stream();
  }
}
