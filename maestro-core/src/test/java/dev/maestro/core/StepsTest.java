package dev.maestro.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maestro.core.condition.ConditionUpdater;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class StepsTest {

  /** Never used for requests. */
  private static final KubernetesClient client = new KubernetesClientBuilder()
      .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").build())
      .build();

  private final ConfigMap parent = new ConfigMapBuilder().withNewMetadata()
      .withNamespace("ns").withName("demo").withGeneration(1L).endMetadata()
      .addToData("mode", "on").build();
  private final ReconcileContext<ConfigMap> context = new ReconcileContext<>("test", ResourceKey.of(parent),
      "r1", 1L, client, new Stash(), ConditionUpdater.of(null, false),
      type -> {
        throw new IllegalArgumentException("no caches here");
      },
      LoggerFactory.getLogger(StepsTest.class));
  private final List<String> ran = new ArrayList<>();

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private Step<ConfigMap> recording(String name) {
    return (c, p) -> {
      ran.add(name);
      return Result.done();
    };
  }

  private Step<ConfigMap> failing(String name) {
    return (c, p) -> {
      ran.add(name);
      throw new ReconcileException("Broken", name + " broke");
    };
  }

  private SyncStep<ConfigMap> cleaning(String name) {
    return SyncStep.<ConfigMap>action(name, (c, p) -> { }).withCleanup((c, p) -> ran.add("cleanup " + name));
  }

  @Test
  void wrappersCarryTheCleanupsOfTheStepsTheyWrap() {
    List<Step<ConfigMap>> wrapped = List.of(
        Steps.always(cleaning("a")),
        Steps.tryCatch(cleaning("b"), (c, p, e) -> Result.done()),
        Steps.withTimeout(cleaning("c"), Duration.ofSeconds(5)),
        Steps.cast(ConfigMap.class, cleaning("d")),
        Steps.when((c, p) -> false, cleaning("e")));

    Sequence<ConfigMap> sequence = Sequence.of("wrapped", wrapped);
    assertThat(sequence.hasCleanup()).as("the controller puts its finalizer on parents").isTrue();
    sequence.cleanup(context, parent);

    assertThat(ran).containsExactly("cleanup e", "cleanup d", "cleanup c", "cleanup b", "cleanup a");
  }

  @Test
  void aConditionalStepCleansUpBothBranchesWhateverTheConditionSaysNow() {
    Step<ConfigMap> step = Steps.when((c, p) -> true, cleaning("then"), cleaning("else"));

    assertThat(((HasCleanup<ConfigMap>) step).hasCleanup()).isTrue();
    ((HasCleanup<ConfigMap>) step).cleanup(context, parent);

    assertThat(ran).containsExactly("cleanup else", "cleanup then");
  }

  @Test
  void wrappersOfStepsWithoutCleanupHaveNone() {
    Sequence<ConfigMap> plain = Sequence.of("plain", List.of(Steps.always(recording("a")),
        Steps.withTimeout(recording("b"), Duration.ofSeconds(1)), Steps.when((c, p) -> true, recording("c"))));

    assertThat(plain.hasCleanup()).isFalse();
  }

  @Test
  void whenRunsThenOnlyIfTheConditionHolds() {
    Step<ConfigMap> step = Steps.when((c, p) -> "on".equals(p.getData().get("mode")), recording("then"));

    step.reconcile(context, parent);
    parent.getData().put("mode", "off");
    step.reconcile(context, parent);

    assertThat(ran).containsExactly("then");
  }

  @Test
  void whenWithOtherwiseRunsTheOtherBranchIfTheConditionFails() {
    Step<ConfigMap> step = Steps.when((c, p) -> "on".equals(p.getData().get("mode")), recording("then"),
        recording("else"));

    step.reconcile(context, parent);
    parent.getData().put("mode", "off");
    step.reconcile(context, parent);

    assertThat(ran).containsExactly("then", "else");
  }

  @Test
  void alwaysStepRunsAfterAnEarlierFailureAndTheFailureStillPropagates() {
    Sequence<ConfigMap> sequence = Sequence.of("s", List.of(failing("first"), recording("skipped"),
        Steps.always(recording("cleanup"))));

    assertThatThrownBy(() -> sequence.reconcile(context, parent))
        .isInstanceOf(ReconcileException.class).hasMessage("first broke");
    assertThat(ran).containsExactly("first", "cleanup");
  }

  @Test
  void failingAlwaysStepIsSuppressedIntoTheFirstError() {
    Sequence<ConfigMap> sequence = Sequence.of("s", List.of(failing("first"), Steps.always(failing("second"))));

    assertThatThrownBy(() -> sequence.reconcile(context, parent))
        .hasMessage("first broke")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second broke"));
  }

  @Test
  void tryCatchRecoversWithTheHandlersResult() {
    Step<ConfigMap> step = Steps.tryCatch(failing("risky"), (c, p, error) -> Result.requeueAfter(Duration.ofMinutes(1)));

    assertThat(step.reconcile(context, parent)).isEqualTo(Result.requeueAfter(Duration.ofMinutes(1)));
    assertThat(ran).containsExactly("risky");
  }

  @Test
  void tryCatchHandlerMayRethrowAnotherError() {
    Step<ConfigMap> step = Steps.tryCatch(failing("risky"), (c, p, error) -> {
      throw ReconcileException.permanent("GaveUp", "wrapped: " + error.getMessage());
    });

    assertThatThrownBy(() -> step.reconcile(context, parent))
        .isInstanceOf(ReconcileException.class)
        .hasMessage("wrapped: risky broke")
        .satisfies(e -> assertThat(((ReconcileException) e).permanent()).isTrue());
  }

  @Test
  void timeoutFailsAndInterruptsASlowStep() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Step<ConfigMap> slow = (c, p) -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return Result.done();
    };

    assertThatThrownBy(() -> Steps.withTimeout(slow, Duration.ofMillis(100)).reconcile(context, parent))
        .isInstanceOf(ReconcileException.class)
        .satisfies(e -> assertThat(((ReconcileException) e).reason()).isEqualTo("Timeout"));
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void timeoutPassesThroughAFastStepsResultErrorAndMdc() {
    MDC.put("maestro.key", "ns/demo");
    try {
      Step<ConfigMap> fast = (c, p) -> {
        ran.add(MDC.get("maestro.key"));
        return Result.requeueAfter(Duration.ofSeconds(5));
      };
      assertThat(Steps.withTimeout(fast, Duration.ofSeconds(5)).reconcile(context, parent))
          .isEqualTo(Result.requeueAfter(Duration.ofSeconds(5)));
      assertThat(ran).containsExactly("ns/demo");
      assertThatThrownBy(() -> Steps.withTimeout(failing("inner"), Duration.ofSeconds(5)).reconcile(context, parent))
          .hasMessage("inner broke");
    } finally {
      MDC.clear();
    }
  }

  @Test
  void castParentHandsTheStepAProjectionItCanRead() {
    Step<ConfigMap> step = Steps.cast(GenericKubernetesResource.class, (c, projection) -> {
      ran.add(projection.getKind() + ":" + projection.getMetadata().getName() + ":"
          + projection.getAdditionalProperties().get("data"));
      return Result.done();
    });

    step.reconcile(context, parent);

    assertThat(ran).containsExactly("ConfigMap:demo:{mode=on}");
  }

  @Test
  void castParentRejectsAStepThatChangesTheProjection() {
    Step<ConfigMap> step = Steps.cast(GenericKubernetesResource.class, (c, projection) -> {
      projection.getMetadata().setName("renamed");
      return Result.done();
    });

    assertThatThrownBy(() -> step.reconcile(context, parent))
        .isInstanceOf(ReconcileException.class)
        .hasMessageContaining("read-only")
        .satisfies(e -> {
          assertThat(((ReconcileException) e).reason()).isEqualTo(CastParent.REASON_MUTATED);
          assertThat(((ReconcileException) e).permanent()).isTrue();
        });
    assertThat(parent.getMetadata().getName()).isEqualTo("demo");
  }
}
