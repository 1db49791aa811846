/** The benchmark's Greeting operator on maestro-core alone, without Spring. */
@NullMarked
package dev.maestro.benchmarks.core;

import org.jspecify.annotations.NullMarked;
