package dev.maestro.core.status;

import org.jspecify.annotations.Nullable;

/**
 * Which status fields Maestro maintains on a parent, by their JSON names (a dotted path reaches into nested
 * objects, e.g. {@code "reconcile.observedGeneration"}); {@code null} leaves a field alone.
 *
 * @param enabled whether Maestro writes status at all; when false the status is never written
 * @param observedGenerationField where the generation the status was computed from goes
 * @param conditionsField where the condition list (including {@code Ready}) goes
 * @param dropUntouchedConditions whether conditions no step set in a reconcile are removed (true) or kept
 */
public record StatusPolicy(boolean enabled, @Nullable String observedGenerationField,
    @Nullable String conditionsField, boolean dropUntouchedConditions) {

  /** {@code status.observedGeneration} and {@code status.conditions}; untouched conditions are kept. */
  public static final StatusPolicy DEFAULT = new StatusPolicy(true, "observedGeneration", "conditions", false);

  /** Maestro never writes status; steps own it entirely. */
  public static final StatusPolicy DISABLED = new StatusPolicy(false, null, null, false);

  /** The same policy with another observedGeneration field, or none. */
  public StatusPolicy withObservedGenerationField(@Nullable String field) {
    return new StatusPolicy(enabled, field, conditionsField, dropUntouchedConditions);
  }

  /** The same policy with another conditions field, or none. */
  public StatusPolicy withConditionsField(@Nullable String field) {
    return new StatusPolicy(enabled, observedGenerationField, field, dropUntouchedConditions);
  }

  /** The same policy, dropping or keeping conditions no step touched. */
  public StatusPolicy withDropUntouchedConditions(boolean drop) {
    return new StatusPolicy(enabled, observedGenerationField, conditionsField, drop);
  }

  public StatusPolicy {
    if (!enabled && (observedGenerationField != null || conditionsField != null)) {
      throw new IllegalArgumentException("a disabled status policy maintains no fields");
    }
    requireNonBlank(observedGenerationField);
    requireNonBlank(conditionsField);
  }

  private static void requireNonBlank(@Nullable String field) {
    if (field != null && field.isBlank()) {
      throw new IllegalArgumentException("a status field name must not be blank; use null to leave it alone");
    }
  }
}
