/**
 * Tracking objects a parent refers to but does not own: {@link dev.maestro.core.tracker.Tracker} enqueues every
 * parent that tracks an object when that object is created, changed or deleted.
 */
@NullMarked
package dev.maestro.core.tracker;

import org.jspecify.annotations.NullMarked;
