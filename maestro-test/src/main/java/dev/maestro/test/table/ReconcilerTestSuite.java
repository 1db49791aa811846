package dev.maestro.test.table;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.RequestLog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.jspecify.annotations.Nullable;

/**
 * A table of {@link ReconcilerTestCase cases} for one controller, run by JUnit 5 as one dynamic test per case.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrds(GREETING_CRD));
 *
 * @TestFactory
 * Stream<DynamicTest> greetingController() {
 *   return ReconcilerTestSuite.forParent(Greeting.class)
 *       .on(server)
 *       .controller(builder -> builder.register(new ValidateGreeting()).register(new GreetingConfigMap()))
 *       .cases(
 *           ReconcilerTestCase.named("creates the ConfigMap")...,
 *           ReconcilerTestCase.named("in sync: writes nothing")...)
 *       .toTests();
 * }
 * }</pre>
 *
 * <p>For each case the suite: creates the given objects on the embedded server (its own namespaces, see
 * {@link CaseContext}); builds a fresh controller for the parent type with the suite's client, the case's
 * namespaces, a fixed clock ({@link #DEFAULT_NOW} unless changed) and the {@link #controller customizer}; starts
 * its informers; arms the case's faults; runs one reconcile of the key with {@link Controller#reconcileOnce};
 * then compares what the controller's client sent (recorded by the server) with the expectations, and reports
 * every mismatch with a YAML diff. The controller talks to the server over real HTTP: what passes here passes
 * against the embedded server end to end.
 *
 * <p>The customizer runs once per case, so steps built inside it are fresh for each case (child steps remember
 * children they created). Cases of one suite run one after the other; do not run suites that share a server
 * concurrently.
 *
 * @param <P> the parent type
 */
public final class ReconcilerTestSuite<P extends HasMetadata> {

  /** The "now" of condition transition times unless a suite or case sets another: 2024-01-01T00:00:00Z. */
  public static final Instant DEFAULT_NOW = SuiteSettings.DEFAULT_NOW;

  private final SuiteSettings<P> settings;
  private final List<ReconcilerTestCase> cases = new ArrayList<>();

  private ReconcilerTestSuite(Class<P> type) {
    this.settings = new SuiteSettings<>(type);
  }

  /** A suite for the controller of {@code type}. */
  public static <P extends HasMetadata> ReconcilerTestSuite<P> forParent(Class<P> type) {
    return new ReconcilerTestSuite<>(type);
  }

  /** The embedded API server the cases run on (one per suite; register it as an extension). */
  public ReconcilerTestSuite<P> on(EmbeddedApiServer server) {
    settings.server = Objects.requireNonNull(server, "server");
    return this;
  }

  /**
   * Configures the controller of each case: register its steps, caches and options here. Client, namespaces and
   * clock are the suite's.
   */
  public ReconcilerTestSuite<P> controller(Consumer<ControllerBuilder<P>> customizer) {
    settings.controller = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /** The namespace objects without one are in, and keys without one refer to: {@code default} unless set. */
  public ReconcilerTestSuite<P> defaultNamespace(String namespace) {
    settings.defaultNamespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /** The fixed "now" of the controller's clock; {@link #DEFAULT_NOW} unless set. */
  public ReconcilerTestSuite<P> now(Instant now) {
    settings.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /**
   * The request timeout of the client under test (2 s unless set): how long a case with a
   * {@linkplain dev.maestro.test.Fault#timeOut() time-out fault} waits.
   */
  public ReconcilerTestSuite<P> requestTimeout(Duration timeout) {
    settings.requestTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Runs {@code hook} before every case, after its given objects exist. */
  public ReconcilerTestSuite<P> beforeEach(Consumer<CaseContext> hook) {
    settings.beforeEach.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** Runs {@code hook} after every case, whether it passed or not. */
  public ReconcilerTestSuite<P> afterEach(Consumer<CaseContext> hook) {
    settings.afterEach.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** The cases, replacing earlier ones. */
  public ReconcilerTestSuite<P> cases(ReconcilerTestCase... cases) {
    return cases(List.of(cases));
  }

  /** The cases, replacing earlier ones. */
  public ReconcilerTestSuite<P> cases(List<ReconcilerTestCase> cases) {
    SuiteSettings.requireUniqueNames(cases);
    this.cases.clear();
    this.cases.addAll(cases);
    return this;
  }

  /**
   * One dynamic test per case, named after it; return it from a {@code @TestFactory} method. Skipped cases, and
   * the cases not focused when some are, are reported as skipped.
   */
  public Stream<DynamicTest> toTests() {
    return Focus.tests(List.copyOf(cases), this::run);
  }

  /** Runs one case; throws an assertion error listing every unmet expectation. */
  public void run(ReconcilerTestCase testCase) {
    ResourceKey key = testCase.key;
    if (key == null) {
      throw new IllegalArgumentException("Case \"" + testCase.name() + "\" names no parent: call key(namespace, name)");
    }
    CaseRun<P> run = new CaseRun<>(settings, testCase);
    List<RequestLog.Request> requests = List.of();
    Throwable failure = null;
    try {
      ResourceKey physicalKey = run.physicalKey(key);
      testCase.faults.forEach(fault -> {
        if (fault.namespace() != null) {
          run.physical(fault.namespace());
        }
      });
      run.install(testCase.given);
      run.runBeforeHooks();
      Controller<P> controller = run.startController(builder -> {});
      run.armFaults();
      int mark = run.server().requests().mark();
      Result result = null;
      RuntimeException error = null;
      List<@Nullable Object> tracks = List.of();
      boolean eventsSent = false;
      try {
        result = controller.reconcileOnce(physicalKey);
      } catch (RuntimeException e) {
        error = e;
      } finally {
        // events go out from the recorder's thread: the case expects the ones this reconcile recorded
        eventsSent = controller.flushEvents(java.time.Duration.ofSeconds(30));
        tracks = run.tracks(controller, physicalKey);
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
      if (testCase.expectParent != null) {
        checkParent(run, physicalKey, testCase.expectParent);
      }
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

  private void checkParent(CaseRun<P> run, ResourceKey key, HasMetadata expected) {
    var resources = run.admin().resources(settings.type);
    @Nullable P actual = key.namespace() == null ? resources.withName(key.name()).get()
        : resources.inNamespace(key.namespace()).withName(key.name()).get();
    Object want = run.canonical().object(run.expectedTree(expected));
    Object have = actual == null ? null : run.objectForm(run.canonical().tree(actual));
    run.mismatches.compare("parent after", want, have, run.canonical());
  }
}
