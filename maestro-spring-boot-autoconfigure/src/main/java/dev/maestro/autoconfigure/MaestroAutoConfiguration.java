package dev.maestro.autoconfigure;

import dev.maestro.core.event.EventRecorder;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.tracker.Tracker;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds one Maestro controller per {@link ParentReconciler} bean, with its {@link SubReconciler} beans as steps,
 * and runs them with the application context.
 */
@AutoConfiguration(after = KubernetesClientAutoConfiguration.class)
@ConditionalOnClass({KubernetesClient.class, dev.maestro.core.Maestro.class})
@ConditionalOnBooleanProperty(name = "maestro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaestroProperties.class)
public class MaestroAutoConfiguration {

  /** The application's informers, shared by every controller and injectable to read any watched kind. */
  @Bean
  @ConditionalOnMissingBean
  Informers maestroInformers(KubernetesClient client) {
    return new Informers(client);
  }

  /** The tracker every controller shares: a change of a tracked object reconciles the parents tracking it. */
  @Bean
  @ConditionalOnMissingBean
  Tracker maestroTracker() {
    return new Tracker();
  }

  /** The recorder of every controller's Kubernetes Events (aggregated, rate limited per object). */
  @Bean
  @ConditionalOnMissingBean
  EventRecorder maestroEventRecorder(KubernetesClient client, MaestroProperties properties,
      org.springframework.core.env.Environment environment) {
    String component = properties.getEvents().getComponent();
    if (component.isBlank()) {
      component = environment.getProperty("spring.application.name", "maestro");
    }
    return new EventRecorder(client, component);
  }

  @Bean
  @ConditionalOnMissingBean
  ControllerRegistry maestroControllerRegistry(ConfigurableListableBeanFactory beans, KubernetesClient client,
      MaestroProperties properties, ObjectProvider<ReconcileObserver> observers, Informers informers,
      Tracker tracker, EventRecorder events) {
    return new ControllerFactory(beans, client, properties,
        ReconcileObserver.composite(observers.orderedStream().toList()), informers, tracker, events).create();
  }

  @Bean
  @ConditionalOnMissingBean
  MaestroLifecycle maestroLifecycle(ControllerRegistry registry, MaestroProperties properties) {
    return new MaestroLifecycle(registry, properties.getShutdownTimeout());
  }
}
