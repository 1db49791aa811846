/**
 * The greeting operator: a {@link dev.maestro.samples.greeting.Greeting} custom resource reconciled into a
 * ConfigMap {@code <name>-greeting} whose {@code data.message} is the Greeting's {@code spec.message}.
 */
@NullMarked
package dev.maestro.samples.greeting;

import org.jspecify.annotations.NullMarked;
