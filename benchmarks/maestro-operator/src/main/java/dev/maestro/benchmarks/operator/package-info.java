/**
 * The benchmark's Greeting operator on Maestro: a parent reconciler for Greetings with one child step that keeps the
 * ConfigMap {@code <name>-greeting} in line, and Maestro's default status (observedGeneration, Ready).
 */
@NullMarked
package dev.maestro.benchmarks.operator;

import org.jspecify.annotations.NullMarked;
