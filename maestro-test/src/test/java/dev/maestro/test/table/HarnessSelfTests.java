package dev.maestro.test.table;

import static dev.maestro.test.table.WrongReconcilers.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.Fault;
import dev.maestro.test.Widget;
import dev.maestro.test.table.WrongReconcilers.Behaviour;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The harness tests itself: for every kind of expectation, a case written for the correct behaviour is run against
 * a step that leaves the expected write out, makes one more, or makes a different one, and must fail for that
 * reason; against the correct step it must pass. The cases live in {@link Fixtures}, run here through the JUnit
 * Platform testkit, since they fail on purpose.
 */
class HarnessSelfTests {

  private static final Map<String, TestExecutionResult> outcomes = new LinkedHashMap<>();

  @BeforeAll
  static void runFixtures() {
    List<Event> finished = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(HarnessFixture.ENABLED, "true")
        .selectors(selectClass(Fixtures.class))
        .execute()
        .testEvents()
        .finished()
        .list();
    for (Event event : finished) {
      outcomes.put(event.getTestDescriptor().getDisplayName(), event.getRequiredPayload(TestExecutionResult.class));
    }
    if (Boolean.getBoolean("maestro.harness.print")) {
      print();
    }
  }

  /** Prints every fixture outcome, for a person reviewing the messages. */
  static void print() {
    outcomes.forEach((name, result) -> System.out.println("=== " + name + " -> " + result.getStatus() + "\n"
        + result.getThrowable().map(Throwable::getMessage).orElse("")));
  }

  private static TestExecutionResult outcome(String name) {
    assertThat(outcomes).as("fixture cases that ran").containsKey(name);
    return outcomes.get(name);
  }

  private static String failure(String name) {
    TestExecutionResult result = outcome(name);
    assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.FAILED);
    return result.getThrowable().map(Throwable::getMessage).orElse("");
  }

  private static void passes(String name) {
    TestExecutionResult result = outcome(name);
    assertThat(result.getStatus()).as(name + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""))
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @ParameterizedTest(name = "{0}: the correct step passes; a missing, an extra and a different write fail")
  @ValueSource(strings = {"creates", "updates", "patches", "deletes", "status updates", "events", "tracks"})
  void writeExpectationsDetectMissingExtraAndDifferentWrites(String kind) {
    passes(kind + ": correct");
    assertThat(failure(kind + ": missing")).contains("Case \"" + kind + ": missing\"", kind + " #1", "expected, but not made");
    assertThat(failure(kind + ": extra")).contains("Case \"" + kind + ": extra\"", kind + " #2", "made, but not expected");
    assertThat(failure(kind + ": different")).contains("Case \"" + kind + ": different\"", kind + " #1",
        "differs (- expected, + actual)");
  }

  @ParameterizedTest(name = "{0} (step suite): the correct step passes; a missing, an extra and a different one fail")
  @ValueSource(strings = {"stash", "parent in memory", "conditions"})
  void stepExpectationsDetectMissingExtraAndDifferentChanges(String kind) {
    passes(kind + ": correct");
    failure(kind + ": missing");
    failure(kind + ": extra");
    failure(kind + ": different");
  }

  @Test
  void stashMismatchesNameTheKey() {
    assertThat(failure("stash: missing")).contains("stash 'color': expected, but the step left no value");
    assertThat(failure("stash: extra")).contains("stash 'shade': stored, but not expected");
    assertThat(failure("stash: different")).contains("stash 'color': differs", "- blue", "+ red");
  }

  @Test
  void parentAndConditionMismatchesShowADiff() {
    assertThat(failure("parent in memory: extra")).contains("parent after: differs", "+     \"y\": \"2\"");
    assertThat(failure("parent in memory: different")).contains("parent after: differs", "-     x: \"1\"",
        "+     x: \"2\"");
    assertThat(failure("conditions: different")).contains("conditions: differs", "-   status: \"True\"",
        "+   status: \"False\"");
    assertThat(failure("parent on the server: different")).contains("parent after: differs", "+     x: \"2\"");
    assertThat(failure("parent on the server: missing")).contains("parent after: differs", "-     x: \"1\"");
  }

  @Test
  void aDifferentWriteIsShownAsAYamlDiffUnderTheCaseName() {
    assertThat(failure("creates: different")).contains(
        "Case \"creates: different\": 1 expectation not met",
        "creates #1 (ConfigMap default/a): differs (- expected, + actual):",
        "-   color: blue",
        "+   color: red");
  }

  @Test
  void resultMismatchesFail() {
    passes("result: correct");
    assertThat(failure("result: missing")).contains("result: expected requeue after PT1M, got done");
    assertThat(failure("result: extra")).contains("error: none expected, but the code threw",
        "and then it broke");
    assertThat(failure("result: different")).contains("result: expected requeue after PT1M, got requeue after PT2M");
  }

  @Test
  void errorMismatchesFail() {
    passes("error: correct");
    assertThat(failure("error: missing")).contains("error: expected an error with reason Broken, but the code "
        + "returned");
    assertThat(failure("error: extra")).contains("but its reason is ReconcileError");
    assertThat(failure("error: different")).contains("but its reason is Cracked");
  }

  @Test
  void aFaultThatNeverFiresFailsTheCase() {
    assertThat(failure("fault never fires")).contains("fault \"fail with 500 the next create of secrets",
        "never fired");
  }

  @Test
  void skippedCasesAreReportedAsSkipped() {
    assertThat(outcome("skipped case").getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(outcome("skipped case").getThrowable()).get().extracting(Throwable::getMessage).asString()
        .contains("not ready yet");
  }

  @Test
  void focusRunsOnlyFocusedCasesAndFailsTheSuiteAsAReminder() {
    passes("focused case");
    assertThat(outcome("unfocused case").getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(failure(Focus.REMINDER)).contains("[focused case]", "remove focus()");
  }

  @Test
  void hooksRunAroundEachCaseEvenWhenItFails() {
    passes("hooked case");
    failure("hooked failing case");
    assertThat(Fixtures.HOOKS).containsExactly(
        "suite before: hooked case", "case before: hooked case", "case after: hooked case", "suite after: hooked case",
        "suite before: hooked failing case", "case before: hooked failing case", "case after: hooked failing case",
        "suite after: hooked failing case");
  }

  /** The cases the self-tests run; most fail on purpose. */
  @HarnessFixture
  static class Fixtures {

    static final List<String> HOOKS = new CopyOnWriteArrayList<>();
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @RegisterExtension
    static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

    /** The widget, already reconciled: a step that writes nothing leaves it alone. */
    private static Widget shade() {
      return Widgets.ready(Widgets.shade("blue"), "blue");
    }

    /** The same case against the correct step and the three wrong ones. */
    private static Stream<DynamicTest> fourWays(String kind, Function<Behaviour, Step<Widget>> steps,
        ReconcilerTestCase testCase) {
      return Arrays.stream(Behaviour.values()).flatMap(behaviour -> ReconcilerTestSuite.forParent(Widget.class)
          .on(server)
          .controller(builder -> builder.register(steps.apply(behaviour)))
          .cases(testCase.withName(kind + ": " + behaviour.label()))
          .toTests());
    }

    private static Stream<DynamicTest> fourWaysOnStep(String kind, Function<Behaviour, Step<Widget>> steps,
        StepTestCase testCase) {
      return Arrays.stream(Behaviour.values()).flatMap(behaviour -> StepTestSuite.forParent(Widget.class)
          .on(server)
          .step(() -> steps.apply(behaviour))
          .cases(testCase.withName(kind + ": " + behaviour.label()))
          .toTests());
    }

    private static ReconcilerTestCase onShade() {
      return ReconcilerTestCase.named("template").key("default", "shade");
    }

    @TestFactory
    Stream<DynamicTest> creates() {
      return fourWays("creates", WrongReconcilers::creating, onShade().given(shade())
          .expectCreates(configMap("a", "blue")));
    }

    @TestFactory
    Stream<DynamicTest> updates() {
      return fourWays("updates", WrongReconcilers::updating, onShade()
          .given(shade(), configMap("a", "red"), configMap("b", "red"))
          .expectUpdates(configMap("a", "blue")));
    }

    @TestFactory
    Stream<DynamicTest> patches() {
      return fourWays("patches", WrongReconcilers::patching, onShade()
          .given(shade(), configMap("a", "red"), configMap("b", "red"))
          .expectPatches(ExpectedPatch.mergePatch(configMap("a", "red"), "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}")));
    }

    @TestFactory
    Stream<DynamicTest> deletes() {
      return fourWays("deletes", WrongReconcilers::deleting, onShade()
          .given(shade(), configMap("a", "red"), configMap("b", "red"))
          .expectDeletes(ExpectedDelete.of(configMap("a", "red"))));
    }

    @TestFactory
    Stream<DynamicTest> statusUpdates() {
      return fourWays("status updates", WrongReconcilers::painting, onShade()
          .given(Widgets.ready(Widgets.shade("blue"), "old"))
          .expectStatusUpdates(shade()));
    }

    @TestFactory
    Stream<DynamicTest> events() {
      return fourWays("events", WrongReconcilers::announcing, onShade().given(shade())
          .expectEvents(ExpectedEvent.normal(shade(), "Painted", "painted blue")));
    }

    @TestFactory
    Stream<DynamicTest> tracks() {
      return fourWays("tracks", WrongReconcilers::tracking, onShade().given(shade())
          .expectTracks(ExpectedTrack.of(ConfigMap.class, "default", "a")));
    }

    @TestFactory
    Stream<DynamicTest> result() {
      return fourWays("result", WrongReconcilers::requeueing, onShade().given(shade())
          .expectResult(Result.requeueAfter(Duration.ofMinutes(1))));
    }

    @TestFactory
    Stream<DynamicTest> error() {
      // the status write the error causes is not what this fixture is about: the case states it for the
      // correct step, so the other behaviours differ in the error first of all
      Widget broken = Widgets.withStatus(Widgets.shade("blue"), "blue",
          Widgets.ready("False", "Broken", "the widget is broken"));
      return fourWays("error", WrongReconcilers::failing, onShade().given(shade())
          .expectStatusUpdates(broken)
          .expectEvents(ExpectedEvent.warning(broken, "Broken", "the widget is broken"))
          .expectErrorReason("Broken"));
    }

    @TestFactory
    Stream<DynamicTest> parentOnTheServer() {
      Widget labelled = JSON.clone(shade());
      labelled.getMetadata().getLabels().put("x", "1");
      return fourWays("parent on the server", WrongReconcilers::labellingParent, onShade().given(shade())
          .expectPatches(ExpectedPatch.mergePatch(shade(), "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}"))
          .expectParent(labelled));
    }

    @TestFactory
    Stream<DynamicTest> stash() {
      return fourWaysOnStep("stash", WrongReconcilers::stashing, StepTestCase.named("template").parent(shade())
          .expectStash(WrongReconcilers.COLOR, "blue"));
    }

    @TestFactory
    Stream<DynamicTest> parentInMemory() {
      Widget labelled = JSON.clone(shade());
      labelled.getMetadata().getLabels().put("x", "1");
      return fourWaysOnStep("parent in memory", WrongReconcilers::labellingCopy, StepTestCase.named("template")
          .parent(shade()).expectParent(labelled));
    }

    @TestFactory
    Stream<DynamicTest> conditions() {
      List<io.fabric8.kubernetes.api.model.Condition> painted = new ArrayList<>(shade().getStatus().getConditions());
      painted.add(new ConditionBuilder().withType("Painted").withStatus("True").withReason("Painted")
          .withMessage("blue").withObservedGeneration(1L).withLastTransitionTime(Widgets.NOW).build());
      return fourWaysOnStep("conditions", WrongReconcilers::conditioning, StepTestCase.named("template")
          .parent(shade()).expectConditions(painted.toArray(io.fabric8.kubernetes.api.model.Condition[]::new)));
    }

    @TestFactory
    Stream<DynamicTest> faultThatNeverFires() {
      return ReconcilerTestSuite.forParent(Widget.class)
          .on(server)
          .controller(builder -> builder.register(WrongReconcilers.creating(Behaviour.CORRECT)))
          .cases(onShade().withName("fault never fires").given(shade())
              .withFaults(Fault.onCreate(io.fabric8.kubernetes.api.model.Secret.class).failWith(500))
              .expectCreates(configMap("a", "blue")))
          .toTests();
    }

    @TestFactory
    Stream<DynamicTest> skipped() {
      return ReconcilerTestSuite.forParent(Widget.class)
          .on(server)
          .cases(onShade().withName("skipped case").skip("not ready yet").expectCreates(configMap("z", "z")))
          .toTests();
    }

    @TestFactory
    Stream<DynamicTest> focused() {
      return ReconcilerTestSuite.forParent(Widget.class)
          .on(server)
          .cases(
              onShade().withName("focused case").given(shade()).focus(),
              onShade().withName("unfocused case").given(shade()))
          .toTests();
    }

    @TestFactory
    Stream<DynamicTest> hooked() {
      return ReconcilerTestSuite.forParent(Widget.class)
          .on(server)
          .beforeEach(context -> HOOKS.add("suite before: " + context.name()))
          .afterEach(context -> HOOKS.add("suite after: " + context.name()))
          .cases(
              onShade().withName("hooked case").given(shade())
                  .before(context -> HOOKS.add("case before: " + context.name()))
                  .after(context -> HOOKS.add("case after: " + context.name())),
              onShade().withName("hooked failing case").given(shade())
                  .expectCreates(configMap("never", "made"))
                  .before(context -> HOOKS.add("case before: " + context.name()))
                  .after(context -> HOOKS.add("case after: " + context.name())))
          .toTests();
    }
  }
}
