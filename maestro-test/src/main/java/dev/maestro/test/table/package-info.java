/**
 * Table-driven tests of Maestro reconcilers, in the spirit of reconciler-runtime: a reconciler's whole behaviour
 * stated as a table of cases, each saying what exists before and what the code must write.
 *
 * <ul>
 *   <li>{@link dev.maestro.test.table.ReconcilerTestSuite}: whole reconciles of a parent by key, through the
 *       controller's real path (cache, steps, status write);</li>
 *   <li>{@link dev.maestro.test.table.StepTestSuite}: one step, with the parent handed to it and the stash
 *       seeded;</li>
 *   <li>{@link dev.maestro.test.table.TestObjects}: the few helpers fabric8's builders lack (a parent being
 *       deleted, an object as the server returns it, owner references);</li>
 *   <li>faults to inject are {@link dev.maestro.test.Fault}s.</li>
 * </ul>
 *
 * <p>Cases run on an {@link dev.maestro.test.EmbeddedApiServer} over real HTTP, each in namespaces of its own.
 * Writes are captured from what the client sent, and compared semantically: fields the server fills in (uid,
 * resourceVersion, creationTimestamp, generation, managedFields) and zero values are ignored; a mismatch shows
 * the case name and a YAML diff of expected and actual.
 */
@NullMarked
package dev.maestro.test.table;

import org.jspecify.annotations.NullMarked;
