/** The benchmark's Greeting operator on the fabric8 client alone, with no framework. */
@NullMarked
package dev.maestro.benchmarks.fabric8;

import org.jspecify.annotations.NullMarked;
