/**
 * The controller runtime: {@link dev.maestro.core.runtime.Controller controllers} built with a
 * {@link dev.maestro.core.runtime.ControllerBuilder builder}, fed by fabric8 informers, driven by a
 * {@link dev.maestro.core.runtime.WorkQueue work queue} with {@link dev.maestro.core.runtime.RetryPolicy
 * rate-limited retries}.
 *
 * <p>The model is level-triggered: informer events only put keys into the queue; every reconcile starts from
 * what the cache holds at that moment, so a burst of events for one resource costs one reconcile, and a missed
 * event is repaired by the next one.
 */
@NullMarked
package dev.maestro.core.runtime;

import org.jspecify.annotations.NullMarked;
