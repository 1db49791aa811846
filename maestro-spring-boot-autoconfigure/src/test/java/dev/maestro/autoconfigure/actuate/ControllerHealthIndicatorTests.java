package dev.maestro.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maestro.autoconfigure.Gadget;
import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import dev.maestro.core.runtime.Controller;
import dev.maestro.test.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * What one controller's health says, for each state of its connection to the API server, on a clock the tests move
 * by hand. Only the connection decides the status; errors of resources show in the details.
 */
class ControllerHealthIndicatorTests {

  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(10);

  @RegisterExtension
  static final EmbeddedApiServer server = TestOperator.server();

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private Controller<Gadget> controller;

  @AfterEach
  void stopController() {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(1));
    }
  }

  private ControllerHealthIndicator indicator(Controller<Gadget> controller) {
    this.controller = controller;
    return new ControllerHealthIndicator(controller, SYNC_TIMEOUT, GRACE, null, nanos::get);
  }

  private Controller<Gadget> gadgets(KubernetesClient client, String namespace) {
    return Maestro.forParent(Gadget.class).withClient(client).inNamespaces(namespace)
        .register((context, gadget) -> {
          if (TestOperator.BROKEN.equals(gadget.getSpec().getSize())) {
            throw ReconcileException.permanent("Broken", "gadget is broken");
          }
          return Result.done();
        })
        .build();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void controllerWhoseInformersHaveNotSyncedIsOutOfServiceUntilTheSyncTimeout() {
    ControllerHealthIndicator indicator = indicator(gadgets(server.client(), "unsynced"));

    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails()).containsEntry("synced", false).containsEntry("problem",
        "informers are still syncing");

    advance(SYNC_TIMEOUT);
    assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
  }

  @Test
  void controllerWhoseInformersHaveNotSyncedWithinTheSyncTimeoutIsDown() {
    ControllerHealthIndicator indicator = indicator(gadgets(server.client(), "unsynced"));
    indicator.health();

    advance(SYNC_TIMEOUT.plusMillis(1));
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat((String) health.getDetails().get("problem")).contains("have not synced within PT30S");
  }

  @Test
  void controllerWhoseInformersSyncedAndWatchIsUp() {
    ControllerHealthIndicator indicator = indicator(gadgets(server.client(), TestOperator.namespace("up")));
    controller.start();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("synced", true).containsEntry("watching", true)
          .containsEntry("queueDepth", 0).containsEntry("inFlight", 0).containsEntry("failing", 0)
          .doesNotContainKey("problem");
    });
  }

  @Test
  void watchDisconnectedForLessThanTheGracePeriodLeavesTheControllerUp() {
    EmbeddedApiServer vanishing = TestOperator.server().start();
    try {
      ControllerHealthIndicator indicator = indicator(gadgets(vanishing.client(), "default"));
      controller.start();
      await().atMost(Duration.ofSeconds(10)).until(controller::isWatching);

      vanishing.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> !controller.isWatching());
      indicator.health();
      advance(GRACE);

      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("synced", true).containsEntry("watching", false);
    } finally {
      vanishing.close();
    }
  }

  @Test
  void watchDisconnectedForLongerThanTheGracePeriodMakesTheControllerDown() {
    EmbeddedApiServer vanishing = TestOperator.server().start();
    try {
      ControllerHealthIndicator indicator = indicator(gadgets(vanishing.client(), "default"));
      controller.start();
      await().atMost(Duration.ofSeconds(10)).until(controller::isWatching);

      vanishing.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> !controller.isWatching());
      indicator.health();
      advance(GRACE.plusMillis(1));

      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat((String) health.getDetails().get("problem")).contains("disconnected for 10s")
          .contains("grace period of PT10S");
    } finally {
      vanishing.close();
    }
  }

  @Test
  void theGracePeriodCountsFromWhenTheWatchBrokeNotFromWhenHealthWasAsked() {
    EmbeddedApiServer vanishing = TestOperator.server().start();
    try {
      ControllerHealthIndicator indicator = indicator(gadgets(vanishing.client(), "default"));
      controller.start();
      await().atMost(Duration.ofSeconds(10)).until(controller::isWatching);
      indicator.sample();

      vanishing.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> !controller.isWatching());
      indicator.sample(); // what the background sampler does while nobody asks
      advance(GRACE.plusMillis(1));

      assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    } finally {
      vanishing.close();
    }
  }

  @Test
  void failingResourceLeavesTheControllerUpAndShowsItsLastError() {
    String namespace = TestOperator.namespace("failing");
    KubernetesClient client = server.client();
    ControllerHealthIndicator indicator = indicator(gadgets(client, namespace));
    controller.start();

    client.resource(TestOperator.gadget(namespace, "bad", TestOperator.BROKEN)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.lastError().isPresent());

    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("failing", 1).containsKey("lastReconcileTime");
    assertThat(health.getDetails().get("lastError"))
        .asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
        .containsEntry("key", namespace + "/bad")
        .containsEntry("reason", "Broken")
        .containsEntry("message", "gadget is broken");
  }
}
