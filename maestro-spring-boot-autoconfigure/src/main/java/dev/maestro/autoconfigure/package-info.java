/**
 * Spring Boot auto-configuration for Maestro: discovers {@link dev.maestro.autoconfigure.ParentReconciler} and
 * {@link dev.maestro.autoconfigure.SubReconciler} beans, builds one controller per parent through Maestro's
 * programmatic API, and starts and stops them with the application context. No reconcile logic lives here.
 */
@NullMarked
package dev.maestro.autoconfigure;

import org.jspecify.annotations.NullMarked;
