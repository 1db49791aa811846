/** A small application for the slice's own tests: one resource, its controller and step, and a bystander. */
@NullMarked
package dev.maestro.test.autoconfigure.app;

import org.jspecify.annotations.NullMarked;
