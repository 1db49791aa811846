/**
 * What Maestro's controllers look like from Spring Boot's production-ready surfaces: a {@code maestro} health
 * contributor (part of the readiness group), a {@code maestro} Actuator endpoint, Micrometer meters and an
 * {@code Observation} per reconcile for tracing. Each part is an auto-configuration of its own that switches on
 * with its library and off with its property; none of them holds reconcile logic: they read what
 * {@link dev.maestro.core.runtime.Controller} reports and listen through
 * {@link dev.maestro.core.runtime.ReconcileObserver}.
 */
@NullMarked
package dev.maestro.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
