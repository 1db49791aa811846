package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.test.EmbeddedApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

/**
 * The {@code maestro} health contributor: there with Spring Boot's health module, one indicator per controller, off
 * by its property, and part of the readiness group unless the application says otherwise.
 */
class MaestroHealthContributorAutoConfigurationTests {

  @RegisterExtension
  static final EmbeddedApiServer server = TestOperator.server();

  private ApplicationContextRunner runner(Class<?>... configurations) {
    return TestOperator.runner(server, TestOperator.namespace("health"), configurations)
        .withConfiguration(AutoConfigurations.of(MaestroHealthContributorAutoConfiguration.class))
        .withUserConfiguration(TestOperator.Gadgets.class);
  }

  /** Boot's health endpoint, its groups and the availability probes, with components shown. */
  private ApplicationContextRunner withHealthEndpoint() {
    return runner(EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
        HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
        AvailabilityProbesAutoConfiguration.class)
        .withPropertyValues("management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.show-components=always");
  }

  @Test
  void contributorHasOneIndicatorPerController() {
    runner().withUserConfiguration(TestOperator.Gizmos.class).run(context -> {
      assertThat(context).hasSingleBean(MaestroHealthContributor.class).hasBean("maestroHealthContributor");
      MaestroHealthContributor contributor = context.getBean(MaestroHealthContributor.class);
      assertThat(contributor.getContributor("gadgets")).isInstanceOf(ControllerHealthIndicator.class);
      assertThat(contributor.getContributor("gizmos")).isInstanceOf(ControllerHealthIndicator.class);
      assertThat(contributor.stream()).hasSize(2);
    });
  }

  @Test
  void controllerIsUpOnceItsInformersHaveSyncedAndWatch() {
    runner().run(context -> {
      HealthIndicator gadgets = (HealthIndicator) context.getBean(MaestroHealthContributor.class)
          .getContributor("gadgets");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        Health health = gadgets.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("synced", true).containsEntry("watching", true)
            .containsEntry("queueDepth", 0).containsKey("inFlight");
      });
    });
  }

  @Test
  void contributorIsAbsentWithoutSpringBootHealth() {
    runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroHealthContributor.class)
            .doesNotHaveBean(ControllerHealthSampler.class));
  }

  @Test
  void contributorIsThereWithoutActuatorButJoinsNoGroup() {
    runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate."))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MaestroHealthContributor.class)
            .doesNotHaveBean(ReadinessGroupPostProcessor.class));
  }

  @Test
  void contributorIsAbsentWhenTheMaestroHealthIndicatorIsDisabled() {
    runner().withPropertyValues("management.health.maestro.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroHealthContributor.class)
            .doesNotHaveBean(ReadinessGroupPostProcessor.class));
  }

  @Test
  void contributorIsAbsentWhenMaestroIsDisabled() {
    runner().withPropertyValues("maestro.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaestroHealthContributor.class));
  }

  @Test
  void healthPropertiesReachTheIndicators() {
    runner().withPropertyValues("maestro.health.sync-timeout=7s", "maestro.health.watch-grace-period=3s")
        .run(context -> {
          MaestroHealthProperties properties = context.getBean(MaestroHealthProperties.class);
          assertThat(properties.getSyncTimeout()).isEqualTo(Duration.ofSeconds(7));
          assertThat(properties.getWatchGracePeriod()).isEqualTo(Duration.ofSeconds(3));
        });
  }

  @Test
  void invalidHealthDurationsFailTheStartUpNamingTheProperty() {
    assertPropertyRejected("maestro.health.sync-timeout=0s", "maestro.health.sync-timeout", "must be positive");
    assertPropertyRejected("maestro.health.watch-grace-period=-1s", "maestro.health.watch-grace-period",
        "must not be negative");
  }

  private void assertPropertyRejected(String property, String name, String reason) {
    runner().withPropertyValues(property).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      while (failure != null && !(failure instanceof BindValidationException)) {
        failure = failure.getCause();
      }
      assertThat(failure).as("BindValidationException for " + property, context.getStartupFailure()).isNotNull();
      assertThat(((BindValidationException) failure).getValidationErrors()).anySatisfy(error -> {
        assertThat(error).isInstanceOf(FieldError.class);
        assertThat(((FieldError) error).getObjectName() + "." + ((FieldError) error).getField()).isEqualTo(name);
        assertThat(error.getDefaultMessage()).contains(reason);
      });
    });
  }

  @Test
  void samplerRunsWithTheContext() {
    runner().run(context -> assertThat(context.getBean(ControllerHealthSampler.class).isRunning()).isTrue());
  }

  // --- the readiness group

  @Test
  void readinessGroupIncludesMaestroBesidesTheReadinessState() {
    withHealthEndpoint().run(context -> {
      HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
      assertThat(groups.get("readiness").isMember("maestro")).isTrue();
      assertThat(groups.get("readiness").isMember("maestro/gadgets")).isTrue();
      assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
      assertThat(groups.get("readiness").isMember("livenessState")).isFalse();
    });
  }

  @Test
  void livenessGroupLeavesMaestroOut() {
    withHealthEndpoint().run(context -> assertThat(
        context.getBean(HealthEndpointGroups.class).get("liveness").isMember("maestro/gadgets")).isFalse());
  }

  @Test
  void readinessHealthShowsTheMaestroComponent() {
    withHealthEndpoint().run(context -> await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      CompositeHealthDescriptor readiness = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
          .healthForPath("readiness");
      assertThat(readiness.getComponents()).containsKeys("maestro", "readinessState");
      assertThat(readiness.getComponents().get("maestro").getStatus()).isEqualTo(Status.UP);
    }));
  }

  @Test
  void readinessGroupLeavesMaestroOutWhenThePropertySaysSo() {
    withHealthEndpoint().withPropertyValues("maestro.health.readiness=false").run(context -> {
      assertThat(context).doesNotHaveBean(ReadinessGroupPostProcessor.class);
      assertThat(context.getBean(HealthEndpointGroups.class).get("readiness").isMember("maestro/gadgets")).isFalse();
    });
  }

  @Test
  void readinessGroupLeavesMaestroOutWhenTheApplicationExcludesIt() {
    withHealthEndpoint().withPropertyValues("management.endpoint.health.group.readiness.exclude=maestro")
        .run(context -> assertThat(
            context.getBean(HealthEndpointGroups.class).get("readiness").isMember("maestro/gadgets")).isFalse());
  }

  @Test
  void readinessGroupKeepsWhatTheApplicationIncludesAndAddsMaestro() {
    withHealthEndpoint().withPropertyValues("management.endpoint.health.group.readiness.include=ping")
        .run(context -> {
          HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
          assertThat(groups.get("readiness").isMember("ping")).isTrue();
          assertThat(groups.get("readiness").isMember("maestro/gadgets")).isTrue();
          assertThat(groups.get("readiness").isMember("diskSpace")).isFalse();
        });
  }

  @Test
  void readinessProbeKeepsItsAdditionalPath() {
    withHealthEndpoint().withPropertyValues("management.endpoint.health.probes.add-additional-paths=true")
        .run(context -> {
          HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
          assertThat(groups).isInstanceOf(AdditionalPathsMapper.class);
          assertThat(((AdditionalPathsMapper) groups).getAdditionalPaths(EndpointId.of("health"),
              WebServerNamespace.SERVER)).contains("/readyz", "/livez");
          assertThat(groups.get("readiness").getAdditionalPath()).isNotNull();
          assertThat(groups.get("readiness").isMember("maestro/gadgets")).isTrue();
        });
  }

  @Test
  void withoutProbesThereIsNoReadinessGroupToJoin() {
    withHealthEndpoint().withPropertyValues("management.endpoint.health.probes.enabled=false")
        .run(context -> assertThat(context.getBean(HealthEndpointGroups.class).get("readiness")).isNull());
  }
}
