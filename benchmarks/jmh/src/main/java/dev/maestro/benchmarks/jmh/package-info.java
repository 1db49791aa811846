/**
 * JMH microbenchmarks of Maestro's in-process hot paths, the work a reconcile does besides its API requests: the
 * work queue's add → take → done, the condition updater, and the status diff and patch computation.
 *
 * <p>Run them with {@code benchmarks/run.sh jmh} (any JMH option may follow, e.g. {@code -f 1 -wi 3 -i 5}).
 */
@NullMarked
package dev.maestro.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
