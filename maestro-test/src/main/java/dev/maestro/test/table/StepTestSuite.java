package dev.maestro.test.table;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Stash;
import dev.maestro.core.StashKey;
import dev.maestro.core.Step;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.RequestLog;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;

/**
 * A table of {@link StepTestCase cases} for one {@link Step}, run by JUnit 5 as one dynamic test per case: the
 * parent is handed to the step directly, with a context made by the controller
 * ({@link Controller#newContext}) and the stash seeded, so one step is tested without the ones around it.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> greetingConfigMap() {
 *   return StepTestSuite.forParent(Greeting.class)
 *       .on(server)
 *       .step(GreetingConfigMap::new)
 *       .cases(
 *           StepTestCase.named("creates the ConfigMap").parent(hello).expectCreates(helloConfigMap),
 *           StepTestCase.named("in sync: writes nothing").parent(hello).given(helloConfigMap))
 *       .toTests();
 * }
 * }</pre>
 *
 * <p>For each case the suite creates the parent and the given objects on the embedded server, builds a controller
 * with the step registered (so the step's child types and any {@link #controller cached types} are watched),
 * starts its informers, reads the parent from the cache, runs the step on a copy of it, and compares: the writes,
 * the result or error, the stash, the parent copy as the step left it, and the context's conditions. Status is
 * not written: that is the controller's job after all steps ran, covered by {@link ReconcilerTestSuite}.
 *
 * @param <P> the parent type
 */
public final class StepTestSuite<P extends HasMetadata> {

  /** The "now" of condition transition times unless a suite or case sets another: 2024-01-01T00:00:00Z. */
  public static final Instant DEFAULT_NOW = SuiteSettings.DEFAULT_NOW;

  private final SuiteSettings<P> settings;
  private final List<StepTestCase> cases = new ArrayList<>();
  private @Nullable Supplier<? extends Step<P>> step;

  private StepTestSuite(Class<P> type) {
    this.settings = new SuiteSettings<>(type);
  }

  /** A suite for steps of parents of {@code type}. */
  public static <P extends HasMetadata> StepTestSuite<P> forParent(Class<P> type) {
    return new StepTestSuite<>(type);
  }

  /** The embedded API server the cases run on (one per suite; register it as an extension). */
  public StepTestSuite<P> on(EmbeddedApiServer server) {
    settings.server = Objects.requireNonNull(server, "server");
    return this;
  }

  /** Makes the step under test; called once per case, so that each case gets a fresh step. */
  public StepTestSuite<P> step(Supplier<? extends Step<P>> step) {
    this.step = Objects.requireNonNull(step, "step");
    return this;
  }

  /** Configures the controller the context comes from: types the step reads from caches, say. */
  public StepTestSuite<P> controller(Consumer<ControllerBuilder<P>> customizer) {
    settings.controller = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /** The namespace objects without one are in: {@code default} unless set. */
  public StepTestSuite<P> defaultNamespace(String namespace) {
    settings.defaultNamespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /** The fixed "now" of the context's condition updater; {@link #DEFAULT_NOW} unless set. */
  public StepTestSuite<P> now(Instant now) {
    settings.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /** The request timeout of the client under test (2 s unless set). */
  public StepTestSuite<P> requestTimeout(Duration timeout) {
    settings.requestTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Runs {@code hook} before every case, after its objects exist. */
  public StepTestSuite<P> beforeEach(Consumer<CaseContext> hook) {
    settings.beforeEach.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** Runs {@code hook} after every case, whether it passed or not. */
  public StepTestSuite<P> afterEach(Consumer<CaseContext> hook) {
    settings.afterEach.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** The cases, replacing earlier ones. */
  public StepTestSuite<P> cases(StepTestCase... cases) {
    return cases(List.of(cases));
  }

  /** The cases, replacing earlier ones. */
  public StepTestSuite<P> cases(List<StepTestCase> cases) {
    SuiteSettings.requireUniqueNames(cases);
    this.cases.clear();
    this.cases.addAll(cases);
    return this;
  }

  /** One dynamic test per case, named after it; return it from a {@code @TestFactory} method. */
  public Stream<DynamicTest> toTests() {
    return Focus.tests(List.copyOf(cases), this::run);
  }

  /** Runs one case; throws an assertion error listing every unmet expectation. */
  public void run(StepTestCase testCase) {
    Supplier<? extends Step<P>> factory = step;
    if (factory == null) {
      throw new IllegalStateException("The suite has no step: call step(MyStep::new)");
    }
    HasMetadata given = testCase.parent;
    if (given == null) {
      throw new IllegalArgumentException("Case \"" + testCase.name() + "\" has no parent: call parent(...)");
    }
    if (!settings.type.isInstance(given)) {
      throw new IllegalArgumentException("Case \"" + testCase.name() + "\": the parent is a "
          + given.getClass().getName() + ", not a " + settings.type.getName());
    }
    CaseRun<P> run = new CaseRun<>(settings, testCase);
    List<RequestLog.Request> requests = List.of();
    Throwable failure = null;
    try {
      testCase.faults.forEach(fault -> {
        if (fault.namespace() != null) {
          run.physical(fault.namespace());
        }
      });
      List<HasMetadata> objects = new ArrayList<>();
      objects.add(given);
      objects.addAll(testCase.given);
      run.install(objects);
      run.runBeforeHooks();
      Step<P> step = factory.get();
      Controller<P> controller = run.startController(builder -> builder.register(step));
      ResourceKey key = run.physicalKey(new ResourceKey(given.getMetadata().getNamespace(),
          given.getMetadata().getName()));
      P cached = controller.parents().get(key).orElseThrow(() -> new IllegalStateException("Case \""
          + testCase.name() + "\": the parent " + key + " is not in the controller's cache"));
      ReconcileContext<P> context = controller.newContext(cached);
      testCase.givenStash.forEach((stashKey, value) -> put(context.stash(), stashKey, value));
      List<Condition> conditionsBefore = context.conditions().conditions().conditions();
      P working = run.canonical().json().clone(cached);

      run.armFaults();
      int mark = run.server().requests().mark();
      Result result = null;
      RuntimeException error = null;
      List<@Nullable Object> tracks = List.of();
      boolean eventsSent = false;
      try {
        result = step.reconcile(context, working);
      } catch (RuntimeException e) {
        error = e;
      } finally {
        // events go out from the recorder's thread: the case expects the ones this reconcile recorded
        eventsSent = controller.flushEvents(java.time.Duration.ofSeconds(30));
        tracks = run.tracks(controller, key);
        requests = run.server().requests().since(mark);
        run.disarmFaults();
        run.stopController();
      }
      if (!eventsSent) {
        throw new AssertionError("Case \"" + testCase.name() + "\": the events it recorded were not sent within 30 s");
      }
      run.checkWrites(run.classify(requests));
      run.checkOutcome(result, error);
      run.checkTracks(tracks);
      checkStash(run, testCase, context.stash());
      HasMetadata expectedParent = testCase.expectParent != null ? testCase.expectParent : given;
      run.mismatches.compare("parent after", run.canonical().object(run.expectedTree(expectedParent)),
          run.objectForm(run.canonical().tree(working)), run.canonical());
      List<Condition> expectedConditions = testCase.expectConditions != null ? testCase.expectConditions
          : conditionsBefore;
      run.mismatches.compare("conditions", conditions(run, expectedConditions),
          conditions(run, context.conditions().conditions().conditions()), run.canonical());
      run.mismatches.throwIfAny();
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      run.stopController();
      try {
        run.runAfterHooks(failure);
      } finally {
        run.cleanUp(requests);
      }
    }
  }

  private static void checkStash(CaseRun<?> run, StepTestCase testCase, Stash stash) {
    Map<StashKey<?>, Object> expected = new LinkedHashMap<>(testCase.givenStash);
    expected.putAll(testCase.expectStash);
    Map<StashKey<?>, Object> actual = stash.asMap();
    Set<StashKey<?>> keys = new LinkedHashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (StashKey<?> key : keys) {
      String what = "stash '" + key.name() + "'";
      if (!actual.containsKey(key)) {
        run.mismatches.add(what + ": expected, but the step left no value. Expected:\n"
            + Mismatches.indent(run.canonical().yaml(stashForm(run, expected.get(key)))));
      } else if (!expected.containsKey(key)) {
        run.mismatches.add(what + ": stored, but not expected. Actual:\n"
            + Mismatches.indent(run.canonical().yaml(stashForm(run, actual.get(key)))));
      } else if (!Objects.equals(expected.get(key), actual.get(key))) {
        run.mismatches.compare(what, stashForm(run, expected.get(key)), run.logicalTree(stashTree(run,
            actual.get(key))) == null ? null : run.canonical().object(run.logicalTree(stashTree(run, actual.get(key)))),
            run.canonical());
      }
    }
  }

  private static @Nullable Object stashForm(CaseRun<?> run, @Nullable Object value) {
    return run.canonical().object(stashTree(run, value));
  }

  private static @Nullable Object stashTree(CaseRun<?> run, @Nullable Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    try {
      return run.canonical().json().convertValue(value, Object.class);
    } catch (RuntimeException e) {
      return String.valueOf(value);
    }
  }

  private static @Nullable Object conditions(CaseRun<?> run, List<Condition> conditions) {
    return run.canonical().value(run.canonical().json().convertValue(conditions, List.class));
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(Stash stash, StashKey<T> key, Object value) {
    stash.put(key, (T) value);
  }
}
