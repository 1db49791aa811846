package dev.maestro.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/** Bootstraps {@link ReconcilerTest}: applies its {@code properties}. */
class ReconcilerTestContextBootstrapper extends TestSliceTestContextBootstrapper<ReconcilerTest> {
}
