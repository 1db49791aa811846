package dev.maestro.core.runtime;

import dev.maestro.core.condition.ConditionSet;
import dev.maestro.core.event.ConditionEventVerbosity;
import dev.maestro.core.event.EventRecorder;
import dev.maestro.core.status.StatusCustomizer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jspecify.annotations.Nullable;

/**
 * How a controller turns the outcome of a reconcile into status and events.
 *
 * @param conditionSet derives {@code Ready} from dependent conditions; null: Ready is True when every step succeeded
 * @param customizer phase, custom update and the status-conditions handler
 * @param events the recorder of events; null records none
 * @param conditionEvents how condition changes become events
 * @param errorEvents whether a failed reconcile whose status changed records a Warning event
 * @param <P> the parent type
 */
record StatusOptions<P extends HasMetadata>(@Nullable ConditionSet conditionSet, StatusCustomizer<P> customizer,
    @Nullable EventRecorder events, ConditionEventVerbosity conditionEvents, boolean errorEvents) {}
