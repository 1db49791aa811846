/**
 * Kubernetes Events: the {@link dev.maestro.core.event.EventRecorder} that records them aggregated and rate limited,
 * and {@link dev.maestro.core.event.ConditionEvents} that turns condition changes into events.
 */
@NullMarked
package dev.maestro.core.event;

import org.jspecify.annotations.NullMarked;
