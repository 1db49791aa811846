/**
 * Kubernetes conditions ({@code metav1.Condition}, fabric8's {@link io.fabric8.kubernetes.api.model.Condition}):
 * the {@link dev.maestro.core.condition.ConditionUpdater} that computes a parent's new condition list, and the
 * names Maestro itself uses.
 */
@NullMarked
package dev.maestro.core.condition;

import org.jspecify.annotations.NullMarked;
