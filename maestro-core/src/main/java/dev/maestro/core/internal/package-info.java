/** Maestro's internals: not API, may change in any release. */
@NullMarked
package dev.maestro.core.internal;

import org.jspecify.annotations.NullMarked;
