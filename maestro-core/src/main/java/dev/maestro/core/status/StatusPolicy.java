package dev.maestro.core.status;

import org.jspecify.annotations.Nullable;

/**
 * Which status fields Maestro maintains on a parent, by their JSON names (a dotted path reaches into nested
 * objects, e.g. {@code "reconcile.observedGeneration"}); {@code null} leaves a field alone. A status class that
 * implements {@link HasConditions}, {@link HasObservedGeneration} or {@link HasStatusError} is written through
 * those accessors instead of the names.
 *
 * @param enabled whether Maestro writes status at all; when false the status is never written
 * @param observedGenerationField where the generation the status was computed from goes
 * @param conditionsField where the condition list (including {@code Ready}) goes
 * @param dropUntouchedConditions whether conditions no step set in a reconcile are removed (true) or kept
 * @param lastReconcileTimeField where the time of the last reconcile goes; off by default, since it changes on
 *     every reconcile and so costs a status write each time
 * @param phaseField where the phase from {@link StatusCustomizer#phase} goes
 * @param reasonField where the error's reason goes (cleared on success)
 * @param messageField where the error's message goes (cleared on success)
 */
public record StatusPolicy(boolean enabled, @Nullable String observedGenerationField,
    @Nullable String conditionsField, boolean dropUntouchedConditions, @Nullable String lastReconcileTimeField,
    @Nullable String phaseField, @Nullable String reasonField, @Nullable String messageField) {

  /** {@code status.observedGeneration} and {@code status.conditions}; untouched conditions are kept. */
  public static final StatusPolicy DEFAULT = new StatusPolicy(true, "observedGeneration", "conditions", false, null,
      null, null, null);

  /** Maestro never writes status; steps own it entirely. */
  public static final StatusPolicy DISABLED = new StatusPolicy(false, null, null, false, null, null, null, null);

  public StatusPolicy {
    if (!enabled && (observedGenerationField != null || conditionsField != null || lastReconcileTimeField != null
        || phaseField != null || reasonField != null || messageField != null)) {
      throw new IllegalArgumentException("a disabled status policy maintains no fields");
    }
    for (String field : new String[] {observedGenerationField, conditionsField, lastReconcileTimeField, phaseField,
        reasonField, messageField}) {
      if (field != null && field.isBlank()) {
        throw new IllegalArgumentException("a status field name must not be blank; use null to leave it alone");
      }
    }
  }

  /** The same policy with another observedGeneration field, or none. */
  public StatusPolicy withObservedGenerationField(@Nullable String field) {
    return new StatusPolicy(enabled, field, conditionsField, dropUntouchedConditions, lastReconcileTimeField,
        phaseField, reasonField, messageField);
  }

  /** The same policy with another conditions field, or none. */
  public StatusPolicy withConditionsField(@Nullable String field) {
    return new StatusPolicy(enabled, observedGenerationField, field, dropUntouchedConditions, lastReconcileTimeField,
        phaseField, reasonField, messageField);
  }

  /** The same policy, dropping or keeping conditions no step touched. */
  public StatusPolicy withDropUntouchedConditions(boolean drop) {
    return new StatusPolicy(enabled, observedGenerationField, conditionsField, drop, lastReconcileTimeField,
        phaseField, reasonField, messageField);
  }

  /** The same policy writing the last reconcile time to {@code field} (null: not at all). */
  public StatusPolicy withLastReconcileTimeField(@Nullable String field) {
    return new StatusPolicy(enabled, observedGenerationField, conditionsField, dropUntouchedConditions, field,
        phaseField, reasonField, messageField);
  }

  /** The same policy writing the phase to {@code field} (null: not at all). */
  public StatusPolicy withPhaseField(@Nullable String field) {
    return new StatusPolicy(enabled, observedGenerationField, conditionsField, dropUntouchedConditions,
        lastReconcileTimeField, field, reasonField, messageField);
  }

  /** The same policy writing the error's reason and message to these fields (null: not at all). */
  public StatusPolicy withErrorFields(@Nullable String reason, @Nullable String message) {
    return new StatusPolicy(enabled, observedGenerationField, conditionsField, dropUntouchedConditions,
        lastReconcileTimeField, phaseField, reason, message);
  }
}
