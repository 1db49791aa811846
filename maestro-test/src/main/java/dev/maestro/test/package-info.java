/**
 * Testing Maestro controllers: an {@link dev.maestro.test.EmbeddedApiServer embedded API server} (fabric8's CRUD
 * mock server, in-process, over real HTTP) usable as a JUnit 5 extension and at development time, and a
 * {@link dev.maestro.test.RequestLog log of the requests it served}, to assert how much a controller costs the
 * API server.
 */
@NullMarked
package dev.maestro.test;

import org.jspecify.annotations.NullMarked;
