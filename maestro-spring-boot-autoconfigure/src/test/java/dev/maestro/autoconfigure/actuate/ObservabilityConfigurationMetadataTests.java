package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The observability properties are described in the configuration metadata, so IDEs explain them. */
class ObservabilityConfigurationMetadataTests {

  @Test
  void metadataDescribesEveryObservabilityProperty() throws IOException {
    List<Map<String, Object>> properties = new ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        properties.addAll(JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
            "$.properties[?(@.name =~ /maestro\\.(health|metrics|observations)\\..*/)]"));
      }
    }
    assertThat(properties).extracting(property -> property.get("name")).containsExactlyInAnyOrder(
        "maestro.health.sync-timeout", "maestro.health.watch-grace-period", "maestro.health.readiness",
        "maestro.metrics.enabled", "maestro.metrics.api-requests.enabled", "maestro.observations.enabled");
    assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description")).isNotBlank());
  }

  @Test
  void bootsSwitchOfTheHealthComponentIsDescribedToo() throws IOException {
    List<String> names = new ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        names.addAll(JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.properties[*].name"));
      }
    }
    assertThat(names).contains("management.health.maestro.enabled");
  }

  @Test
  void autoConfigurationsCarryTheirConditionsForBootToFilterThemEarly() throws IOException {
    java.util.Properties metadata = new java.util.Properties();
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-autoconfigure-metadata.properties"))) {
      try (InputStream in = url.openStream()) {
        metadata.load(in);
      }
    }
    assertThat(metadata.getProperty(MaestroMetricsAutoConfiguration.class.getName() + ".ConditionalOnClass"))
        .contains("io.micrometer.core.instrument.MeterRegistry");
  }
}
