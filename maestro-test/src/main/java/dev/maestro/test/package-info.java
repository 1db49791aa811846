/**
 * Testing Maestro controllers: an {@link dev.maestro.test.EmbeddedApiServer embedded API server} (fabric8's CRUD
 * mock server, in-process, over real HTTP) usable as a JUnit 5 extension and at development time, a
 * {@link dev.maestro.test.RequestLog log of the requests it served} (with their bodies and answers), to assert
 * what a controller wrote and how much it costs the API server, and {@link dev.maestro.test.Fault faults} that fail
 * chosen requests (409, 404, 500, time-outs) to test error paths. Table-driven suites built on these are in
 * {@code dev.maestro.test.table}.
 */
@NullMarked
package dev.maestro.test;

import org.jspecify.annotations.NullMarked;
