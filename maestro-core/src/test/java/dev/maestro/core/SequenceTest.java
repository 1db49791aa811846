package dev.maestro.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maestro.core.condition.ConditionUpdater;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SequenceTest {

  /** Never used for requests: the steps here only record what runs. */
  private static final KubernetesClient client = new KubernetesClientBuilder()
      .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").build())
      .build();

  private final ConfigMap parent = new ConfigMapBuilder().withNewMetadata()
      .withNamespace("ns").withName("demo").withGeneration(1L).endMetadata().build();
  private final ReconcileContext<ConfigMap> context = new ReconcileContext<>("test", ResourceKey.of(parent),
      "r1", 1L, client, new Stash(), ConditionUpdater.of(null, false),
      type -> {
        throw new IllegalArgumentException("no caches in this test: " + type);
      },
      LoggerFactory.getLogger(SequenceTest.class));
  private final List<String> ran = new ArrayList<>();

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private Step<ConfigMap> recording(String name, Result result) {
    return (stepContext, stepParent) -> {
      ran.add(name);
      return result;
    };
  }

  @Test
  void stepsRunInTheOrderGiven() {
    Sequence<ConfigMap> sequence = Sequence.of(
        recording("first", Result.done()), recording("second", Result.done()), recording("third", Result.done()));

    sequence.reconcile(context, parent);

    assertThat(ran).containsExactly("first", "second", "third");
  }

  @Test
  void laterStepsSeeWhatEarlierStepsStashed() {
    StashKey<String> key = StashKey.of("greeting", String.class);
    Sequence<ConfigMap> sequence = Sequence.of(
        (stepContext, stepParent) -> {
          stepContext.stash().put(key, "hello");
          return Result.done();
        },
        (stepContext, stepParent) -> {
          ran.add(stepContext.stash().require(key));
          return Result.done();
        });

    sequence.reconcile(context, parent);

    assertThat(ran).containsExactly("hello");
  }

  @Test
  void anExceptionStopsTheLaterStepsAndPropagates() {
    IllegalStateException failure = new IllegalStateException("boom");
    Sequence<ConfigMap> sequence = Sequence.of(
        recording("first", Result.done()),
        (stepContext, stepParent) -> {
          ran.add("failing");
          throw failure;
        },
        recording("third", Result.done()));

    assertThatThrownBy(() -> sequence.reconcile(context, parent)).isSameAs(failure);
    assertThat(ran).containsExactly("first", "failing");
  }

  @Test
  void resultsOfTheStepsMergeToTheShortestRequeue() {
    Sequence<ConfigMap> sequence = Sequence.of(
        recording("late", Result.requeueAfter(Duration.ofSeconds(30))),
        recording("done", Result.done()),
        recording("soon", Result.requeueAfter(Duration.ofSeconds(10))),
        recording("later", Result.requeueAfter(Duration.ofSeconds(60))));

    Result result = sequence.reconcile(context, parent);

    assertThat(result.requeue()).contains(Duration.ofSeconds(10));
  }

  @Test
  void sequenceOfDoneStepsIsDone() {
    Result result = Sequence.of(recording("a", Result.done()), recording("b", Result.done()))
        .reconcile(context, parent);

    assertThat(result.requeue()).isEmpty();
  }

  @Test
  void stepReturningNullFailsNamingTheStep() {
    Step<ConfigMap> broken = new Step<>() {
      @Override
      public Result reconcile(ReconcileContext<ConfigMap> context, ConfigMap parent) {
        return null;
      }

      @Override
      public String name() {
        return "BrokenStep";
      }
    };

    assertThatThrownBy(() -> Sequence.of(broken).reconcile(context, parent))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("BrokenStep");
  }
}
