/**
 * The webapp operator: a {@link dev.maestro.samples.webapp.WebApp} owns a Deployment, a Service and ConfigMaps, and
 * reports the Deployment's availability. It shows child steps, a child-set step, combinators and a cast parent.
 */
@NullMarked
package dev.maestro.samples.webapp;

import org.jspecify.annotations.NullMarked;
