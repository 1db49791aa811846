package dev.maestro.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A Spring Boot test slice for Maestro reconcilers: the application context holds only Maestro's
 * auto-configuration (the Kubernetes client and the controllers), the application's
 * {@link dev.maestro.autoconfigure.ParentReconciler @ParentReconciler} and
 * {@link dev.maestro.autoconfigure.SubReconciler @SubReconciler} components, and an
 * {@linkplain AutoConfigureEmbeddedApiServer embedded API server} the client talks to. No web server, no
 * actuator, none of the application's other components: a reconciler test starts in a second, and depends only on
 * what reconcilers depend on.
 *
 * <pre>{@code
 * @ReconcilerTest
 * class GreetingReconcilerTests {
 *
 *   @Autowired
 *   EmbeddedApiServer server;
 *
 *   @Test
 *   void greetingGetsAConfigMap() {
 *     KubernetesClient user = server.client();
 *     user.resource(greeting).create();
 *     await().untilAsserted(() -> assertThat(user.configMaps().withName("hello-greeting").get()).isNotNull());
 *   }
 * }
 * }</pre>
 *
 * <p>The controllers run as in the application (started with the context). CRDs found at
 * {@code classpath*:META-INF/fabric8/*-v1.yml} (where fabric8's CRD generator writes them) are installed; see
 * {@link EmbeddedApiServerProperties}. Beans a reconciler needs beyond these (a repository, a client of another
 * service) are the test's to provide, with {@code @Import} or {@code @MockitoBean}.
 *
 * <p>Against a real cluster: a {@code @ServiceConnection} on a Testcontainers {@code K3sContainer} replaces the
 * embedded server (its {@link dev.maestro.autoconfigure.KubernetesConnectionDetails} take precedence; the test
 * applies its CRDs to the cluster).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(ReconcilerTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(ReconcilerTypeExcludeFilter.class)
@AutoConfigureEmbeddedApiServer
@ImportAutoConfiguration
public @interface ReconcilerTest {

  /** Properties in {@code key=value} form added to the environment before the test runs. */
  String[] properties() default {};

  /**
   * Whether the default filters apply: only {@code @ParentReconciler} and {@code @SubReconciler} components are
   * scanned. With false, {@link #includeFilters()} decide alone.
   */
  boolean useDefaultFilters() default true;

  /** Further components to include from scanning. */
  Filter[] includeFilters() default {};

  /** Components to leave out of scanning. */
  Filter[] excludeFilters() default {};

  /** Auto-configuration to leave out of this test. */
  @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
  Class<?>[] excludeAutoConfiguration() default {};
}
