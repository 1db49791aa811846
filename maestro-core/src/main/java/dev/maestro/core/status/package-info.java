/**
 * Writing a parent's status: which fields Maestro maintains ({@link dev.maestro.core.status.StatusPolicy}), and
 * the {@link dev.maestro.core.status.StatusWriter} that writes them through the status subresource only when
 * they changed.
 */
@NullMarked
package dev.maestro.core.status;

import org.jspecify.annotations.NullMarked;
