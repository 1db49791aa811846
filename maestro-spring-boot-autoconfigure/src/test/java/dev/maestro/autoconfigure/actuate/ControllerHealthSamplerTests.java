package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.Gadget;
import dev.maestro.core.Maestro;
import dev.maestro.core.Result;
import dev.maestro.core.runtime.Controller;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.health.contributor.Status;

/** The background sampling that measures a broken watch from when it broke. */
class ControllerHealthSamplerTests {

  @ParameterizedTest(name = "sync timeout {0} ms, grace {1} ms: every {2} ms")
  @CsvSource({
      "120000, 30000, 1000",
      "5000, 2000, 200",
      "300, 60000, 100",
      "500, 500, 100"})
  void samplesEveryTenthOfTheShorterLimitBetween100MillisecondsAndOneSecond(long syncTimeout, long grace,
      long period) {
    assertThat(ControllerHealthSampler.periodFor(Duration.ofMillis(syncTimeout), Duration.ofMillis(grace)))
        .isEqualTo(Duration.ofMillis(period));
  }

  @Test
  void brokenWatchIsDownOnTheFirstRequestAfterTheGracePeriod() {
    Duration grace = Duration.ofMillis(300);
    Duration period = Duration.ofMillis(100);
    EmbeddedApiServer vanishing = TestOperator.server().start();
    try {
      Controller<Gadget> controller = Maestro.forParent(Gadget.class).withClient(vanishing.client())
          .inNamespaces("default").register((context, gadget) -> Result.done()).build();
      ControllerHealthIndicator indicator = new ControllerHealthIndicator(controller, Duration.ofMinutes(1), grace);
      ControllerHealthSampler sampler = new ControllerHealthSampler(List.of(indicator), period);
      try {
        controller.start();
        sampler.start();
        await().atMost(Duration.ofSeconds(10)).until(controller::isWatching);

        vanishing.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !controller.isWatching());
        long broken = System.nanoTime();
        await().atMost(Duration.ofSeconds(5))
            .until(() -> System.nanoTime() - broken > grace.plus(period.multipliedBy(2)).toNanos());

        // nobody asked for health while the watch was down; the sampler noticed
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
      } finally {
        sampler.stop();
        controller.stop(Duration.ofSeconds(1));
      }
    } finally {
      vanishing.close();
    }
  }

  @Test
  void samplerRunsBetweenStartAndStop() {
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1/").build()).build();
    try (client) {
      Controller<Gadget> controller = Maestro.forParent(Gadget.class).withClient(client)
          .register((context, gadget) -> Result.done()).build();
      ControllerHealthSampler sampler = new ControllerHealthSampler(
          List.of(new ControllerHealthIndicator(controller, Duration.ofMinutes(1), Duration.ofSeconds(1))),
          Duration.ofMillis(100));

      sampler.start();
      assertThat(sampler.isRunning()).isTrue();
      sampler.stop();
      assertThat(sampler.isRunning()).isFalse();
    }
  }
}
