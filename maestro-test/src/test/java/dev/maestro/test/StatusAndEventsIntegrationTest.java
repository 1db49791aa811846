package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.maestro.core.Maestro;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.core.SyncStep;
import dev.maestro.core.condition.ConditionSet;
import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.event.ConditionEventVerbosity;
import dev.maestro.core.event.EventRecorder;
import dev.maestro.core.event.EventType;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.core.runtime.RetryPolicy;
import dev.maestro.core.status.ReconcileOutcome;
import dev.maestro.core.status.StatusCustomizer;
import dev.maestro.core.status.StatusPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Status fields, condition sets, error reporting and events, end to end against the embedded API server. */
class StatusAndEventsIntegrationTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create()
      .onStart(s -> s.installCrd(Widget.crd()).installCrd(Dial.crd()));

  private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 100,
      100);

  private static int counter;

  private KubernetesClient client;
  private final List<Controller<?>> controllers = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client();
    namespace = "status" + (++counter);
  }

  @AfterEach
  void tearDown() {
    controllers.forEach(c -> c.stop(Duration.ofSeconds(5)));
  }

  private Controller<Widget> start(UnaryOperator<ControllerBuilder<Widget>> configure) {
    Controller<Widget> controller = configure.apply(Maestro.forParent(Widget.class)
        .withClient(client).inNamespaces(namespace).withRetry(FAST_RETRY)).build();
    controller.start();
    controllers.add(controller);
    return controller;
  }

  private Widget create(String name, String color) {
    return client.resource(Widget.of(namespace, name, color)).create();
  }

  private Widget get(String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  private static Optional<Condition> condition(Widget widget, String type) {
    if (widget == null || widget.getStatus() == null) {
      return Optional.empty();
    }
    return widget.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  private static void awaitIdle(Controller<?> controller) {
    await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300)).until(() ->
        controller.queue().depth() == 0 && controller.queue().inFlight() == 0 && controller.queue().delayed() == 0);
  }

  // --- the event recorder

  @Test
  void repeatedEventIncrementsTheCountOfOneEventObject() {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("subject").endMetadata().build()).create();
    EventRecorder recorder = new EventRecorder(client, "tests");

    recorder.warning(about, "Broken", "it broke");
    recorder.warning(about, "Broken", "it broke");
    recorder.warning(about, "Broken", "it broke");
    recorder.normal(about, "Fixed", "it works");
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(events()).hasSize(2);
    Event broken = events().stream().filter(e -> e.getReason().equals("Broken")).findFirst().orElseThrow();
    assertThat(broken.getCount()).isEqualTo(3);
    assertThat(broken.getType()).isEqualTo("Warning");
    assertThat(broken.getInvolvedObject().getName()).isEqualTo("subject");
    assertThat(broken.getInvolvedObject().getUid()).isEqualTo(about.getMetadata().getUid());
    assertThat(broken.getSource().getComponent()).isEqualTo("tests");
  }

  @Test
  void eventsBeyondTheBurstOfAnObjectAreDropped() {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("chatty").endMetadata().build()).create();
    Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    EventRecorder recorder = new EventRecorder(client, "tests", frozen, 2, Duration.ofMinutes(1));

    for (int i = 0; i < 5; i++) {
      recorder.normal(about, "Tick", "tick " + i);
    }
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(events()).extracting(Event::getMessage).containsExactlyInAnyOrder("tick 0", "tick 1");
  }

  @Test
  void refusedEventsNeverFailTheCaller() {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("muted").endMetadata().build()).create();
    server.expect().post().withPath("/api/v1/namespaces/" + namespace + "/events")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("no events").build())
        .always();

    EventRecorder recorder = new EventRecorder(client, "tests");
    assertThatCode(() -> recorder.warning(about, "Broken", "it broke")).doesNotThrowAnyException();
    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
    recorder.close();
  }

  @Test
  void eventsApiThatDoesNotAnswerNeverHoldsUpReconciles() {
    // the recorder's client would wait 8 s for the answer; the reconciles go on meanwhile
    client = server.client(config -> config.withRequestTimeout(8_000));
    server.inject(Fault.onCreate(Event.class).inNamespace(namespace).timeOut().always());
    AtomicInteger attempts = new AtomicInteger();
    Controller<Widget> controller = start(b -> b.register(SyncStep.of("fails", (context, widget) -> {
      attempts.incrementAndGet();
      throw new ReconcileException("NoPaint", "out of " + widget.getSpec().getColor());
    })));

    create("stuck", "red");

    // the first reconcile wrote the status and recorded a warning, whose create now hangs; retries go on
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3);
    assertThat(condition(get("stuck"), "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("NoPaint"));
    assertThat(controller.flushEvents(Duration.ofMillis(100))).as("the event is still being sent").isFalse();
    assertThat(events()).isEmpty();
  }

  @Test
  void closeGivesUpOnEventsTheApiServerDoesNotTakeAndFlushSaysSo() {
    KubernetesClient slow = server.client(config -> config.withRequestTimeout(30_000));
    server.inject(Fault.onCreate(Event.class).inNamespace(namespace).timeOut().always());
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("unheard").endMetadata().build()).create();
    EventRecorder recorder = new EventRecorder(slow, "tests");
    recorder.warning(about, "First", "hangs");
    recorder.warning(about, "Second", "waits behind it");

    recorder.close();

    assertThat(recorder.flush(Duration.ofSeconds(1))).as("events were left unsent").isFalse();
    assertThat(events()).isEmpty();
  }

  @Test
  void recorderSendsTheEventsInTheOrderTheyWereRecordedAndCloseSendsWhatIsLeft() {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("ordered").endMetadata().build()).create();
    EventRecorder recorder = new EventRecorder(client, "tests");
    int mark = server.requests().mark();

    for (int i = 0; i < 10; i++) {
      recorder.normal(about, "Step", "step " + i);
    }
    recorder.close();

    List<String> steps = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "step " + i).toList();
    assertThat(events()).extracting(Event::getMessage).containsExactlyInAnyOrderElementsOf(steps);
    assertThat(server.requests().since(mark))
        .filteredOn(request -> request.method().equals("POST") && request.path().endsWith("/events"))
        .extracting(request -> client.getKubernetesSerialization().unmarshal(request.body(), Event.class)
            .getMessage())
        .containsExactlyElementsOf(steps);
    recorder.normal(about, "Late", "after close");
    assertThat(recorder.flush(Duration.ofSeconds(1))).as("a closed recorder has nothing pending").isTrue();
    assertThat(events()).hasSize(10);
  }

  // --- errors, events and status writes from a controller

  @Test
  void failureIsReportedInStatusAndAWarningEventOnceThoughItRepeats() {
    AtomicInteger attempts = new AtomicInteger();
    Controller<Widget> controller = start(b -> b.register(SyncStep.of("fails", (context, widget) -> {
      attempts.incrementAndGet();
      throw new ReconcileException("NoPaint", "out of " + widget.getSpec().getColor());
    })));
    create("failing", "red");

    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 5);
    assertThat(condition(get("failing"), "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("NoPaint");
    });
    // the first failure's event goes out from the recorder's thread: before the mark, not after it
    assertThat(controller.flushEvents(Duration.ofSeconds(10))).isTrue();
    int mark = server.requests().mark();
    int before = attempts.get();
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= before + 3);

    // identical failures: no status write, no new event
    assertThat(controller.flushEvents(Duration.ofSeconds(10))).isTrue();
    assertThat(server.requests().writesSince(mark)).isEmpty();
    assertThat(events()).singleElement().satisfies(event -> {
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getReason()).isEqualTo("NoPaint");
      assertThat(event.getMessage()).isEqualTo("out of red");
      assertThat(event.getCount()).isEqualTo(1);
    });
    assertThat(controller.failingKeys()).containsKey(new ResourceKey(namespace, "failing"));
  }

  @Test
  void transientErrorIsNotReportedUntilItPersists() {
    AtomicInteger attempts = new AtomicInteger();
    List<String> readySeen = new CopyOnWriteArrayList<>();
    Controller<Widget> controller = start(b -> b.register(SyncStep.of("flaps", (context, widget) -> {
      condition(widget, "Ready").ifPresent(c -> readySeen.add(c.getStatus()));
      if (widget.getSpec().getColor().equals("flaky") && attempts.incrementAndGet() <= 4) {
        throw ReconcileException.transientFor(3, "Unreachable", "dependency timed out");
      }
      return Result.done();
    })));
    Widget widget = create("flapper", "fine");
    await().atMost(Duration.ofSeconds(20)).until(() -> condition(get("flapper"), "Ready")
        .filter(c -> c.getStatus().equals("True")).isPresent());

    widget = get("flapper");
    widget.getSpec().setColor("flaky");
    int mark = server.requests().mark();
    client.resource(widget).update();

    // attempts 1 and 2 are tolerated; the third in a row is reported; the fifth succeeds
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() > 4 && condition(get("flapper"), "Ready")
        .filter(c -> c.getStatus().equals("True")).isPresent());
    // a tolerated failure writes nothing: no observedGeneration 2 with the Ready=True of generation 1
    assertThat(server.requests().writesSince(mark)).filteredOn(r -> r.path().contains("/flapper/status"))
        .first().satisfies(r -> assertThat(r.body()).contains("Unreachable"));
    assertThat(controller.flushEvents(Duration.ofSeconds(10))).isTrue();
    assertThat(events()).filteredOn(e -> e.getReason().equals("Unreachable")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("dependency timed out"));
  }

  @Test
  void readyIsDerivedFromDependentConditionsTheStepsSet() {
    start(b -> b.withConditionSet(ConditionSet.ready("Painted", "Dried"))
        .register(SyncStep.action("paint", (context, widget) -> context.setCondition("Painted", ConditionStatus.TRUE,
            "Painted", "")))
        .register(SyncStep.action("dry", (context, widget) -> {
          boolean wet = widget.getSpec().getColor().equals("wet");
          context.setCondition("Dried", ConditionStatus.of(!wet), wet ? "StillWet" : "Dry",
              wet ? "give it an hour" : "");
        })));
    create("wall", "wet");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(condition(get("wall"), "Ready"))
        .hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("StillWet");
          assertThat(c.getMessage()).isEqualTo("give it an hour");
        }));
    Widget wall = get("wall");
    assertThat(condition(wall, "Painted")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    wall.getSpec().setColor("dry");
    client.resource(wall).update();
    await().atMost(Duration.ofSeconds(20)).until(() -> condition(get("wall"), "Ready")
        .filter(c -> c.getStatus().equals("True")).isPresent());
  }

  @Test
  void statusFieldsFollowThePolicyPhaseFunctionAndHooks() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    List<String> handled = new CopyOnWriteArrayList<>();
    start(b -> b.withClock(Clock.fixed(now, ZoneOffset.UTC))
        .withStatus(StatusPolicy.DEFAULT.withObservedGenerationField("details.generation")
            .withPhaseField("phase").withErrorFields("reason", "message").withLastReconcileTimeField(
                "lastReconcileTime"))
        .withStatusCustomizer(new StatusCustomizer<>() {
          @Override
          public void conditions(dev.maestro.core.ReconcileContext<Widget> context, Widget parent,
              ReconcileOutcome outcome) {
            handled.add(outcome.failed() + ":" + outcome.conditions().size());
          }

          @Override
          public String phase(Widget parent, ReconcileOutcome outcome) {
            return outcome.failed() ? "Failed" : "Painted";
          }

          @Override
          public void update(Widget parent, ReconcileOutcome outcome) {
            parent.getStatus().setPaint("hook:" + parent.getSpec().getColor());
          }
        })
        .register(SyncStep.action("maybe", (context, widget) -> {
          if (widget.getSpec().getColor().equals("bad")) {
            throw new ReconcileException("BadColor", "bad is not a color");
          }
        })));
    create("fields", "bad");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget.Status status = get("fields").getStatus();
      assertThat(status.getPhase()).isEqualTo("Failed");
      assertThat(status.getReason()).isEqualTo("BadColor");
      assertThat(status.getMessage()).isEqualTo("bad is not a color");
      assertThat(status.getLastReconcileTime()).isEqualTo("2026-11-23T10:00:00Z");
      assertThat(status.getDetails()).containsEntry("generation", 1);
      assertThat(status.getObservedGeneration()).isNull();
      assertThat(status.getPaint()).isEqualTo("hook:bad");
    });
    assertThat(handled).contains("true:1"); // the conditions handler also runs when a step failed

    Widget fields = get("fields");
    fields.getSpec().setColor("good");
    client.resource(fields).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Widget.Status status = get("fields").getStatus();
      assertThat(status.getPhase()).isEqualTo("Painted");
      assertThat(status.getReason()).isNull();
      assertThat(status.getMessage()).isNull();
      assertThat(status.getDetails()).containsEntry("generation", 2);
    });
  }

  @Test
  void disabledStatusIsNeverWritten() {
    Controller<Widget> controller = start(b -> b.withStatus(StatusPolicy.DISABLED)
        .register(SyncStep.action("noop", (context, widget) -> { })));
    int mark = server.requests().mark();
    create("quiet", "grey");
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.reconcileCount() >= 1);
    awaitIdle(controller);

    assertThat(server.requests().writesSince(mark)).extracting(RequestLog.Request::method).containsExactly("POST");
    assertThat(get("quiet").getStatus()).satisfiesAnyOf(
        status -> assertThat(status).isNull(),
        status -> assertThat(status.getConditions()).isEmpty());
  }

  @Test
  void statusClassesImplementingTheInterfacesAreWrittenThroughThem() {
    Controller<Dial> controller = Maestro.forParent(Dial.class).withClient(client).inNamespaces(namespace)
        .withRetry(FAST_RETRY).withStatus(StatusPolicy.DEFAULT.withErrorFields("unused", "unused2"))
        .register((Step<Dial>) (context, dial) -> {
          if ("off".equals(dial.getSpec().getColor())) {
            throw new ReconcileException("Off", "the dial is off");
          }
          return Result.done();
        })
        .build();
    controller.start();
    controllers.add(controller);
    Dial dial = new Dial();
    dial.getMetadata().setName("knob");
    dial.getMetadata().setNamespace(namespace);
    dial.getSpec().setColor("off");
    client.resource(dial).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Dial.Status status = client.resources(Dial.class).inNamespace(namespace).withName("knob").get().getStatus();
      assertThat(status.seenGeneration()).isEqualTo(1L);
      assertThat(status.errorReason()).isEqualTo("Off");
      assertThat(status.errorMessage()).isEqualTo("the dial is off");
      assertThat(status.checks()).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("False");
      });
    });
    Map<?, ?> raw = client.getKubernetesSerialization().convertValue(
        client.resources(Dial.class).inNamespace(namespace).withName("knob").get(), Map.class);
    assertThat(((Map<?, ?>) raw.get("status")).keySet()).map(String::valueOf)
        .containsExactlyInAnyOrder("checks", "seenGeneration", "errorReason", "errorMessage");
  }

  @Test
  void conditionChangesBecomeEventsAtTheChosenVerbosity() {
    start(b -> b.withConditionEvents(ConditionEventVerbosity.PER_CHANGE)
        .register(SyncStep.action("check", (context, widget) -> context.setCondition("Checked",
            ConditionStatus.of(!widget.getSpec().getColor().equals("unchecked")), "Checked", ""))));
    create("eventful", "unchecked");
    await().atMost(Duration.ofSeconds(20)).until(() -> condition(get("eventful"), "Ready").isPresent());

    Widget widget = get("eventful");
    widget.getSpec().setColor("checked");
    client.resource(widget).update();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events())
        .extracting(Event::getMessage)
        .contains("Condition Checked added: False", "Condition Ready added: True",
            "Condition Checked changed: False -> True"));
    assertThat(events()).filteredOn(e -> e.getMessage().equals("Condition Checked changed: False -> True"))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void stepsShareTypedCustomState() {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    start(b -> b
        .register(SyncStep.action("count", (context, widget) -> context.state(AtomicInteger.class, AtomicInteger::new)
            .addAndGet(widget.getSpec().getColor().length())))
        .register(SyncStep.action("read", (context, widget) -> seen.add(context.state(AtomicInteger.class,
            AtomicInteger::new).get()))));
    create("stateful", "amber");

    await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
    assertThat(seen).allMatch(value -> value == 5); // fresh per reconcile: never 10
    assertThat(EventType.WARNING.value()).isEqualTo("Warning");
  }

  // --- condition events at each verbosity, recorded directly

  private static Condition cond(String type, String status) {
    return new io.fabric8.kubernetes.api.model.ConditionBuilder().withType(type).withStatus(status).withReason("R")
        .withMessage("").withLastTransitionTime("2026-01-01T00:00:00Z").build();
  }

  private List<String> recordConditionEvents(String name, ConditionEventVerbosity verbosity) {
    ConfigMap about = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).endMetadata().build()).create();
    List<Condition> before = List.of(cond("A", "True"), cond("B", "False"), cond("Gone", "True"));
    List<Condition> after = List.of(cond("A", "False"), cond("B", "True"), cond("C", "True"), cond("D", "False"));
    try (EventRecorder recorder = new EventRecorder(client, "tests")) {
      dev.maestro.core.event.ConditionEvents.record(recorder, about, verbosity, before, after);
    }
    return events().stream().filter(e -> e.getInvolvedObject().getName().equals(name))
        .map(e -> e.getType() + ":" + e.getMessage()).sorted().toList();
  }

  @Test
  void perChangeVerbosityRecordsOneEventPerChangedCondition() {
    assertThat(recordConditionEvents("per-change", ConditionEventVerbosity.PER_CHANGE)).containsExactly(
        "Normal:Condition B changed: False -> True",
        "Normal:Condition C added: True",
        "Normal:Condition Gone removed (was True)",
        "Warning:Condition A changed: True -> False",
        "Warning:Condition D added: False");
  }

  @Test
  void perNewStatusVerbosityRecordsOneEventPerResultingStatusAndOneForRemovals() {
    assertThat(recordConditionEvents("per-status", ConditionEventVerbosity.PER_NEW_STATUS)).containsExactly(
        "Normal:Conditions now True: B, C",
        "Normal:Conditions removed: Gone",
        "Warning:Conditions now False: A, D");
  }

  @Test
  void ifChangedVerbosityRecordsOneEventListingEveryChange() {
    assertThat(recordConditionEvents("if-changed", ConditionEventVerbosity.IF_CHANGED)).containsExactly(
        "Warning:Conditions changed: A, B, C, D, Gone");
  }

  @Test
  void noneVerbosityRecordsNothing() {
    assertThat(recordConditionEvents("none", ConditionEventVerbosity.NONE)).isEmpty();
  }

  // --- status writer details

  @Test
  void aStatusFieldSetToNullIsLeftAlone() {
    start(b -> b.withStatus(StatusPolicy.DEFAULT.withConditionsField(null))
        .register(SyncStep.<Widget>action("noop", (context, widget) -> { })));
    create("no-conditions", "blue");

    await().atMost(Duration.ofSeconds(20)).until(() -> get("no-conditions").getStatus() != null
        && Long.valueOf(1).equals(get("no-conditions").getStatus().getObservedGeneration()));
    assertThat(get("no-conditions").getStatus().getConditions()).isEmpty();
  }

  @Test
  void aDifferentOldCopyInjectsExtraStatusChangesIntoThePatch() {
    Widget widget = create("injected", "teal");
    dev.maestro.core.status.StatusWriter<Widget> writer = new dev.maestro.core.status.StatusWriter<>(client,
        Widget.class, StatusPolicy.DEFAULT);
    Widget current = client.resource(widget).get();
    Map<String, Object> desired = writer.desired(current, List.of());

    // the status as the server has it would need no write; an old copy claiming another paint makes the patch
    // carry the desired status in full, including fields the steps never touched
    Widget older = client.getKubernetesSerialization().clone(current);
    older.getStatus().setPaint("stale");
    assertThat(writer.diff(older, desired)).containsKey("paint");
    assertThat(writer.write(older, desired)).isPresent();
    assertThat(get("injected").getStatus().getObservedGeneration()).isEqualTo(1L);
  }
}
