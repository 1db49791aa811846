package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.LeaderElection;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code maestro} health contributor, one indicator per controller, and its membership of the readiness group.
 * Needs Spring Boot's health module; switched off with {@code management.health.maestro.enabled=false} (or
 * {@code management.health.defaults.enabled=false}), its readiness membership with
 * {@code maestro.health.readiness=false}.
 */
@AutoConfiguration(after = MaestroAutoConfiguration.class,
    afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, Controller.class})
@ConditionalOnBean(ControllerRegistry.class)
@ConditionalOnEnabledHealthIndicator("maestro")
@EnableConfigurationProperties(MaestroHealthProperties.class)
public class MaestroHealthContributorAutoConfiguration {

  /** The contributor's name in the health tree: the bean name without its {@code HealthContributor} suffix. */
  static final String NAME = "maestro";

  @Bean
  @ConditionalOnMissingBean(name = "maestroHealthContributor")
  MaestroHealthContributor maestroHealthContributor(ControllerRegistry controllers,
      MaestroHealthProperties properties, ObjectProvider<LeaderElection> election) {
    LeaderElection leaderElection = election.getIfAvailable();
    return new MaestroHealthContributor(controllers.controllers().stream()
        .map(controller -> new ControllerHealthIndicator(controller, properties.getSyncTimeout(),
            properties.getWatchGracePeriod(), leaderElection))
        .toList());
  }

  @Bean
  @ConditionalOnBean(MaestroHealthContributor.class)
  ControllerHealthSampler maestroHealthSampler(MaestroHealthContributor maestroHealthContributor,
      MaestroHealthProperties properties) {
    return new ControllerHealthSampler(maestroHealthContributor.indicators(),
        ControllerHealthSampler.periodFor(properties.getSyncTimeout(), properties.getWatchGracePeriod()));
  }

  /**
   * The readiness group membership, when the health endpoint is there to have groups (Actuator's endpoint classes
   * on the classpath). Registered after Boot's probes post-processor (see the ordering above), so the readiness group
   * exists when it runs.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper")
  @ConditionalOnBooleanProperty(name = "maestro.health.readiness", matchIfMissing = true)
  static class ReadinessGroupConfiguration {

    @Bean
    ReadinessGroupPostProcessor maestroReadinessGroupPostProcessor(Environment environment) {
      Set<String> excluded = Binder.get(environment)
          .bind("management.endpoint.health.group.readiness.exclude", Bindable.setOf(String.class))
          .orElse(Set.of());
      return new ReadinessGroupPostProcessor(NAME, excluded.contains(NAME));
    }
  }
}
