package dev.maestro.autoconfigure;

import dev.maestro.core.runtime.Controller;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The controllers Maestro built for this application, by name; a bean, for inspection and Actuator. */
public final class ControllerRegistry {

  private final Map<String, Controller<?>> controllers = new LinkedHashMap<>();
  private final Map<String, List<String>> steps = new LinkedHashMap<>();

  ControllerRegistry() {}

  void register(Controller<?> controller, List<String> stepBeans) {
    controllers.put(controller.name(), controller);
    steps.put(controller.name(), List.copyOf(stepBeans));
  }

  /** Every controller, in the order they were built. */
  public Collection<Controller<?>> controllers() {
    return List.copyOf(controllers.values());
  }

  /** The controller named {@code name}. */
  public Optional<Controller<?>> get(String name) {
    return Optional.ofNullable(controllers.get(name));
  }

  /**
   * Starts watching {@code namespace} in the controller named {@code controller} (EXTENDABLE strategy): its
   * informers start and its resources are reconciled, without restarting the application.
   *
   * @throws IllegalArgumentException when there is no such controller
   */
  public void addNamespace(String controller, String namespace) {
    require(controller).addNamespace(namespace);
  }

  /** Stops watching {@code namespace} in the controller named {@code controller} (EXTENDABLE strategy). */
  public void removeNamespace(String controller, String namespace) {
    require(controller).removeNamespace(namespace);
  }

  private Controller<?> require(String name) {
    Controller<?> controller = controllers.get(name);
    if (controller == null) {
      throw new IllegalArgumentException("No controller named " + name + "; known: " + controllers.keySet());
    }
    return controller;
  }

  /** The bean names of a controller's steps, in the order they run. */
  public List<String> steps(String controller) {
    return steps.getOrDefault(controller, List.of());
  }
}
