package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.ParentReconciler;

/**
 * The controller of Greetings. Its steps are the {@code @SubReconciler} beans of this package, in {@code @Order}:
 * {@link ValidateGreeting}, then {@link GreetingConfigMap}, whose child type (ConfigMap) the controller watches, so
 * that a change to a Greeting's ConfigMap brings the Greeting back into the queue.
 */
@ParentReconciler(resource = Greeting.class)
public class GreetingController {}
