/**
 * Real-cluster tests with Testcontainers K3s: a {@code @ServiceConnection} on a {@code K3sContainer} points
 * Maestro's Kubernetes client at the container (see
 * {@code dev.maestro.test.k3s.K3sConnectionDetailsFactory}, registered in {@code META-INF/spring.factories}).
 */
@NullMarked
package dev.maestro.test.k3s;

import org.jspecify.annotations.NullMarked;
