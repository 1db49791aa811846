/**
 * Spring Boot test support for Maestro: the {@link dev.maestro.test.autoconfigure.ReconcilerTest @ReconcilerTest}
 * slice (Maestro's auto-configuration, the reconciler beans, an embedded API server), and
 * {@link dev.maestro.test.autoconfigure.AutoConfigureEmbeddedApiServer @AutoConfigureEmbeddedApiServer} to put
 * any Spring Boot test on the embedded server.
 */
@NullMarked
package dev.maestro.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
