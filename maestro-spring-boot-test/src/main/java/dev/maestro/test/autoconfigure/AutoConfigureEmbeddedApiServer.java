package dev.maestro.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Starts an {@link dev.maestro.test.EmbeddedApiServer} for the test's application context and points the
 * Kubernetes client at it, unless the context has its own
 * {@link dev.maestro.autoconfigure.KubernetesConnectionDetails} (a K3s service connection, say). Part of
 * {@link ReconcilerTest}; on its own, it puts a {@code @SpringBootTest} of the whole application on the embedded
 * server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEmbeddedApiServer {
}
