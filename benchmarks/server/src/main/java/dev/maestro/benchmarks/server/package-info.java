/**
 * The benchmark's API server process: fabric8's CRUD mock server that counts every request by verb and resource,
 * apart for the operator under test and for the load generator.
 */
@NullMarked
package dev.maestro.benchmarks.server;

import org.jspecify.annotations.NullMarked;
