package dev.maestro.test.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.autoconfigure.EmbeddedApiServerCustomizer;
import dev.maestro.test.autoconfigure.ReconcilerTest;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/** The slice's knobs: include filters, properties, and customizers of the embedded server. */
@ReconcilerTest(
    includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = Inventory.class),
    properties = "maestro.test.api-server.crds=classpath:META-INF/fabric8/gadgets.test.maestro.dev-v1.yml")
@Import(ReconcilerTestIncludeFilterTests.Seed.class)
class ReconcilerTestIncludeFilterTests {

  @Autowired
  ApplicationContext context;

  @Autowired
  EmbeddedApiServer server;

  @Test
  void includeFiltersAddComponents() {
    assertThat(context.getBeansOfType(Inventory.class)).hasSize(1);
  }

  @Test
  void customizersRunBeforeTheServerStarts() {
    assertThat(server.unrecordedClient().configMaps().inNamespace("default").withName("seeded").get()).isNotNull();
  }

  /** Seeds the server when it starts. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Seed {

    @Bean
    EmbeddedApiServerCustomizer seed() {
      return server -> server.onStart(started -> started.unrecordedClient().configMaps().inNamespace("default")
          .resource(new ConfigMapBuilder().withNewMetadata().withName("seeded").endMetadata().build()).create());
    }
  }
}
