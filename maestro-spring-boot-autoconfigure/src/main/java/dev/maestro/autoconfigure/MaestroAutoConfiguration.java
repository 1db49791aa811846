package dev.maestro.autoconfigure;

import dev.maestro.core.event.EventRecorder;
import dev.maestro.core.runtime.Informers;
import dev.maestro.core.runtime.LeaderElection;
import dev.maestro.core.runtime.ReconcileObserver;
import dev.maestro.core.runtime.Shard;
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

  /**
   * The shard of the keys this replica reconciles ({@code maestro.sharding.*}); {@link Shard#ALL} unless the keys
   * are split.
   *
   * @throws MaestroConfigurationException when the keys are split and neither an index nor a host name ending in an
   *     ordinal says which shard this replica takes
   */
  @Bean
  @ConditionalOnMissingBean
  Shard maestroShard(MaestroProperties properties, org.springframework.core.env.Environment environment) {
    MaestroProperties.Sharding sharding = properties.getSharding();
    if (sharding.getCount() == 1) {
      return Shard.ALL;
    }
    if (sharding.getIndex() != null) {
      return Shard.of(sharding.getIndex(), sharding.getCount());
    }
    String host = environment.getProperty("HOSTNAME", "");
    try {
      Shard shard = Shard.ofOrdinal(host, sharding.getCount());
      org.slf4j.LoggerFactory.getLogger(MaestroAutoConfiguration.class).info("Replica {} reconciles {}, from its "
          + "host name's ordinal; with more replicas than shards, enable leader election so that one replica per "
          + "shard reconciles", host, shard);
      return shard;
    } catch (IllegalArgumentException e) {
      throw new MaestroConfigurationException("maestro.sharding.count is " + sharding.getCount() + " but "
          + "maestro.sharding.index is not set, and the host name '" + host + "' does not end in '-' and an ordinal "
          + "as a StatefulSet's pods do: set maestro.sharding.index for this replica");
    }
  }

  @Bean
  @ConditionalOnMissingBean
  ControllerRegistry maestroControllerRegistry(ConfigurableListableBeanFactory beans, KubernetesClient client,
      MaestroProperties properties, ObjectProvider<ReconcileObserver> observers, Informers informers,
      Tracker tracker, EventRecorder events, Shard shard) {
    return new ControllerFactory(beans, client, properties,
        ReconcileObserver.composite(observers.orderedStream().toList()), informers, tracker, events, shard).create();
  }

  /**
   * Leader election among the operator's replicas ({@code maestro.leader-election.enabled=true}): only the holder of
   * the Lease reconciles.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "maestro.leader-election.enabled")
  LeaderElection maestroLeaderElection(KubernetesClient client, MaestroProperties properties,
      org.springframework.core.env.Environment environment, Shard shard) {
    MaestroProperties.LeaderElection config = properties.getLeaderElection();
    String namespace = !config.getLeaseNamespace().isBlank() ? config.getLeaseNamespace()
        : client.getNamespace() != null && !client.getNamespace().isBlank() ? client.getNamespace() : "default";
    String name = !config.getLeaseName().isBlank() ? config.getLeaseName()
        : leaseNameFor(environment.getProperty("spring.application.name", ""));
    if (shard.isSharded()) {
      // each shard elects its own leader; a default name too long for the suffix is cut (a set one is checked)
      String suffix = "-shard-" + shard.index();
      if (name.length() + suffix.length() > 253) {
        name = name.substring(0, 253 - suffix.length()).replaceAll("[-.]+$", "");
      }
      name = name + suffix;
    }
    LeaderElection.Builder election = LeaderElection.forLease(namespace, name)
        .withClient(client)
        .withLeaseDuration(config.getLeaseDuration())
        .withRenewDeadline(config.getRenewDeadline())
        .withRetryPeriod(config.getRetryPeriod());
    if (!config.getIdentity().isBlank()) {
      election.withIdentity(config.getIdentity());
    }
    return election.build();
  }

  /** The default Lease name: the application's name made a valid object name, and "-leader". */
  static String leaseNameFor(String application) {
    String name = application.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
        .replaceAll("[-.]*\\.[-.]*", ".");
    name = name.length() > 240 ? name.substring(0, 240) : name;
    name = name.replaceAll("^[-.]+|[-.]+$", "");
    return (name.isEmpty() ? "maestro" : name) + "-leader";
  }

  @Bean
  @ConditionalOnMissingBean
  MaestroLifecycle maestroLifecycle(ControllerRegistry registry, MaestroProperties properties,
      ObjectProvider<LeaderElection> election) {
    return new MaestroLifecycle(registry, properties.getShutdownTimeout(), election.getIfAvailable());
  }
}
