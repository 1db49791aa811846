/**
 * The benchmark runner: per run and framework, a fresh {@link dev.maestro.benchmarks.runner.ApiServer} process, the
 * {@link dev.maestro.benchmarks.runner.LoadGenerator}'s Greetings, one operator process, and a
 * {@link dev.maestro.benchmarks.runner.ConvergenceTracker} that tells, from the load generator's own (uncounted)
 * watches, when every Greeting has converged. {@link dev.maestro.benchmarks.runner.Report} takes the medians and
 * writes {@code results.json}.
 */
@NullMarked
package dev.maestro.benchmarks.runner;

import org.jspecify.annotations.NullMarked;
