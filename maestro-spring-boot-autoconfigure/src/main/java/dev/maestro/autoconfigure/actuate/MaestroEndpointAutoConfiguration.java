package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.ControllerRegistry;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.core.runtime.Controller;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link MaestroEndpoint}, when Actuator is on the classpath and the endpoint is available: switched off with
 * {@code management.endpoint.maestro.access=none}, and, as every endpoint, reachable only where it is exposed
 * ({@code management.endpoints.web.exposure.include=maestro}).
 */
@AutoConfiguration(after = MaestroAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, Controller.class})
@ConditionalOnBean(ControllerRegistry.class)
@ConditionalOnAvailableEndpoint(MaestroEndpoint.class)
public class MaestroEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MaestroEndpoint maestroEndpoint(ControllerRegistry controllers, ListableBeanFactory beans) {
    return new MaestroEndpoint(controllers, beans);
  }
}
