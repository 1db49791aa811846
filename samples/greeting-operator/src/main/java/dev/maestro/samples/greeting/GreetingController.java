package dev.maestro.samples.greeting;

import dev.maestro.autoconfigure.ParentReconciler;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The controller of Greetings. It owns ConfigMaps: a change to a Greeting's ConfigMap (an edit, a delete) brings
 * the Greeting back into the queue, and steps read ConfigMaps from the cache. Its steps are the
 * {@code @SubReconciler} beans of this package.
 */
@ParentReconciler(resource = Greeting.class, owns = ConfigMap.class)
public class GreetingController {}
