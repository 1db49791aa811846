package dev.maestro.core.runtime;

import dev.maestro.core.ResourceKey;
import java.time.Instant;

/**
 * The last error of a resource, as a controller reports it (Actuator, logs).
 *
 * @param key the resource
 * @param reason the machine-readable reason
 * @param message the human message
 * @param at when it happened
 * @param retries how many retries in a row the resource has had
 */
public record ReconcileError(ResourceKey key, String reason, String message, Instant at, int retries) {}
