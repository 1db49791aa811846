/**
 * Maestro's reconcile API: {@link dev.maestro.core.Step steps}, the {@link dev.maestro.core.ReconcileContext
 * context} they share within one reconcile, {@link dev.maestro.core.Result results} and
 * {@link dev.maestro.core.ReconcileException errors}.
 *
 * <p>A controller reconciles one parent resource type. Each reconcile starts from the parent as the informer
 * cache holds it, runs the controller's steps in order, then writes the parent's status only when it changed.
 * Start with {@link dev.maestro.core.Maestro#forParent(Class)}.
 */
@NullMarked
package dev.maestro.core;

import org.jspecify.annotations.NullMarked;
