package dev.maestro.samples.greeting;

import static dev.maestro.samples.greeting.Greetings.condition;
import static dev.maestro.samples.greeting.Greetings.configMap;
import static dev.maestro.samples.greeting.Greetings.greeting;
import static dev.maestro.samples.greeting.Greetings.held;
import static dev.maestro.samples.greeting.Greetings.index;
import static dev.maestro.samples.greeting.Greetings.ready;
import static dev.maestro.samples.greeting.Greetings.withStatus;

import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.Fault;
import dev.maestro.test.table.ExpectedEvent;
import dev.maestro.test.table.ExpectedPatch;
import dev.maestro.test.table.ExpectedTrack;
import dev.maestro.test.table.ReconcilerTestCase;
import dev.maestro.test.table.ReconcilerTestSuite;
import dev.maestro.test.table.StepTestCase;
import dev.maestro.test.table.StepTestSuite;
import dev.maestro.test.table.TestObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The greeting operator as a table of cases: what exists before each reconcile, and exactly what the operator
 * writes. The controller is wired as the application wires it (its three steps, in order, and the
 * {@link GreetingController}'s customization), on an embedded API server; each step also has a table of its own.
 */
class GreetingControllerTableTests {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrds(Greetings.CRD));

  private static final Greeting hello = greeting("hello", "Hello");

  @TestFactory
  Stream<DynamicTest> greetingController() {
    return ReconcilerTestSuite.forParent(Greeting.class)
        .on(server)
        .controller(builder -> {
          builder.register(new ValidateGreeting()).register(new GreetingConfigMap()).register(new GreetingIndex());
          new GreetingController().customize(builder);
        })
        .cases(
            ReconcilerTestCase.named("creates the ConfigMap and the index entry, holds the Greeting, reports Ready")
                .key("default", "hello")
                .given(hello)
                .expectPatches(FINALIZER_ADDED)
                .expectCreates(configMap(hello, "Hello"), index("hello", "Hello"))
                .expectStatusUpdates(ready(hello))
                .expectEvents(configMapEvent("Created")),
            ReconcilerTestCase.named("in sync: writes nothing")
                .key("default", "hello")
                .given(held(ready(hello)), configMap(hello, "Hello"), index("hello", "Hello")),
            ReconcilerTestCase.named("a new message updates the ConfigMap and the index entry")
                .key("default", "hello")
                .given(held(ready(greeting("hello", "Hi"))), configMap(hello, "Hello"), index("hello", "Hello"))
                .expectUpdates(configMap(hello, "Hi"))
                .expectPatches(ExpectedPatch.mergePatch(index(), "{\"data\":{\"hello\":\"Hi\"}}"))
                .expectEvents(configMapEvent("Updated")),
            ReconcilerTestCase.named("a deleted ConfigMap is put back")
                .key("default", "hello")
                .given(held(ready(hello)), index("hello", "Hello"))
                .expectCreates(configMap(hello, "Hello"))
                .expectEvents(configMapEvent("Created")),
            ReconcilerTestCase.named("a message from a ConfigMap key is used, and the ConfigMap tracked")
                .key("default", "hello")
                .given(held(fromConfigMap("messages", "hello")), messages("hello", "Hello from a ConfigMap"),
                    index("hello", "Hello from a ConfigMap"))
                .expectCreates(configMap(hello, "Hello from a ConfigMap"))
                .expectStatusUpdates(ready(fromConfigMap("messages", "hello")))
                .expectEvents(configMapEvent("Created"))
                .expectTracks(ExpectedTrack.of(ConfigMap.class, "default", "messages")),
            ReconcilerTestCase.named("a missing message ConfigMap is reported, tracked, and not retried")
                .key("default", "hello")
                .given(held(fromConfigMap("messages", "hello")))
                .expectStatusUpdates(withStatus(fromConfigMap("messages", "hello"), "Failed",
                    condition("Valid", "False", "ReferenceNotFound", "ConfigMap default/messages does not exist"),
                    condition("Ready", "False", "ReferenceNotFound", "ConfigMap default/messages does not exist")))
                .expectEvents(ExpectedEvent.warning(hello, "ReferenceNotFound",
                    "ConfigMap default/messages does not exist"))
                .expectTracks(ExpectedTrack.of(ConfigMap.class, "default", "messages"))
                .expectErrorReason("ReferenceNotFound"),
            ReconcilerTestCase.named("Greeting deleted: nothing to do (the garbage collector takes the ConfigMap)")
                .key("default", "hello")
                .given(configMap(hello, "Hello"), index("hello", "Hello")),
            ReconcilerTestCase.named("a deleted Greeting leaves the index, then lets go of its finalizer")
                .key("default", "hello")
                .given(TestObjects.beingDeleted(held(ready(hello))), configMap(hello, "Hello"),
                    index("hello", "Hello", "other", "Hi"))
                .expectPatches(
                    ExpectedPatch.jsonPatch(index(), "[{\"op\":\"remove\",\"path\":\"/data/hello\"}]"),
                    FINALIZER_REMOVED),
            ReconcilerTestCase.named("a Greeting held by someone else's finalizer only is left alone")
                .key("default", "hello")
                .given(TestObjects.beingDeleted(ready(hello)), configMap(hello, "Hello")),
            ReconcilerTestCase.named("an empty message is rejected: Failed, with a Warning event, not retried")
                .key("default", "hello")
                .given(held(greeting("hello", "")))
                .expectStatusUpdates(withStatus(greeting("hello", ""), "Failed",
                    condition("Valid", "False", "InvalidSpec", INVALID),
                    condition("Ready", "False", "InvalidSpec", INVALID)))
                .expectEvents(ExpectedEvent.warning(hello, "InvalidSpec", INVALID))
                .expectErrorReason("InvalidSpec"),
            ReconcilerTestCase.named("a ConfigMap of that name owned by no Greeting is left alone and reported")
                .key("default", "hello")
                .given(held(hello), new ConfigMapBuilder().withNewMetadata().withName("hello-greeting")
                    .withNamespace("default").endMetadata().addToData("message", "not yours").build())
                .expectStatusUpdates(withStatus(hello, "Failed",
                    condition("Valid", "True", "SpecValid", ""),
                    condition("ConfigMapReady", "False", "NotOwned", NOT_OWNED),
                    condition("Ready", "False", "NotOwned", NOT_OWNED)))
                .expectEvents(ExpectedEvent.warning(hello, "NotOwned", NOT_OWNED))
                .expectErrorReason("NotOwned"),
            ReconcilerTestCase.named("conflict (409) creating the ConfigMap: retried, nothing else written")
                .key("default", "hello")
                .given(held(hello))
                .withFaults(Fault.onCreate(ConfigMap.class).failWith(409))
                .expectCreates(configMap(hello, "Hello"))
                .expectErrorReason("AlreadyExists"),
            ReconcilerTestCase.named("server error (500) creating the ConfigMap: reported in ConfigMapReady and Ready")
                .key("default", "hello")
                .given(held(hello))
                .withFaults(Fault.onCreate(ConfigMap.class).failWith(500, "etcd is unavailable"))
                .expectCreates(configMap(hello, "Hello"))
                .expectStatusUpdates(withStatus(hello, "Failed",
                    condition("Valid", "True", "SpecValid", ""),
                    condition("ConfigMapReady", "False", "ConfigMapFailed", createFailed("etcd is unavailable")),
                    condition("Ready", "False", "InternalError", createFailed("etcd is unavailable"))))
                .expectEvents(ExpectedEvent.warning(hello, "InternalError", createFailed("etcd is unavailable")))
                .expectErrorReason("InternalError"))
        .toTests();
  }

  @TestFactory
  Stream<DynamicTest> configMapStep() {
    return StepTestSuite.forParent(Greeting.class)
        .on(server)
        .step(GreetingConfigMap::new)
        .cases(
            StepTestCase.named("creates the ConfigMap and reports it in ConfigMapReady")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .expectCreates(configMap(hello, "Hello"))
                .expectEvents(configMapEvent("Created"))
                .expectConditions(condition("ConfigMapReady", "True", "ConfigMapInSync",
                    "ConfigMap hello-greeting holds the message")),
            StepTestCase.named("in sync: writes nothing")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .given(configMap(hello, "Hello"))
                .expectConditions(condition("ConfigMapReady", "True", "ConfigMapInSync",
                    "ConfigMap hello-greeting holds the message")),
            StepTestCase.named("a key someone added to the ConfigMap is removed")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .given(new ConfigMapBuilder(configMap(hello, "Hello")).addToData("extra", "x").build())
                .expectUpdates(configMap(hello, "Hello"))
                .expectEvents(configMapEvent("Updated"))
                .expectConditions(condition("ConfigMapReady", "True", "ConfigMapInSync",
                    "ConfigMap hello-greeting holds the message")))
        .toTests();
  }

  @TestFactory
  Stream<DynamicTest> indexStep() {
    return StepTestSuite.forParent(Greeting.class)
        .on(server)
        .step(GreetingIndex::new)
        // in the application, GreetingConfigMap's child type makes the controller watch ConfigMaps
        .controller(builder -> builder.caches(ConfigMap.class))
        .cases(
            StepTestCase.named("creates the index with the Greeting's entry")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .expectCreates(index("hello", "Hello")),
            StepTestCase.named("adds its entry to an existing index with a merge patch")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .given(index("other", "Hi"))
                .expectPatches(ExpectedPatch.mergePatch(index(), "{\"data\":{\"hello\":\"Hello\"}}")),
            StepTestCase.named("an index that holds the entry already: writes nothing")
                .parent(hello)
                .givenStash(ValidateGreeting.MESSAGE, "Hello")
                .given(index("hello", "Hello", "other", "Hi")))
        .toTests();
  }

  @TestFactory
  Stream<DynamicTest> validateStep() {
    return StepTestSuite.forParent(Greeting.class)
        .on(server)
        .step(ValidateGreeting::new)
        .cases(
            StepTestCase.named("a message is valid, and stashed for the next steps")
                .parent(hello)
                .expectStash(ValidateGreeting.MESSAGE, "Hello")
                .expectConditions(condition("Valid", "True", "SpecValid", "")),
            StepTestCase.named("an empty message is invalid, permanently")
                .parent(greeting("hello", ""))
                .expectConditions(condition("Valid", "False", "InvalidSpec", INVALID))
                .expectError(error -> org.assertj.core.api.Assertions.assertThat(error)
                    .isInstanceOfSatisfying(dev.maestro.core.ReconcileException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.permanent()).isTrue())))
        .toTests();
  }

  private static final String INVALID = "spec.message must not be empty (or set spec.messageFrom)";

  /** The patch that puts the controller's finalizer on a Greeting that has none. */
  private static final ExpectedPatch FINALIZER_ADDED = ExpectedPatch.jsonPatch(hello,
      "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + Greetings.FINALIZER + "\"]}]");

  /** The patch that takes the controller's finalizer off a Greeting whose cleanup is done. */
  private static final ExpectedPatch FINALIZER_REMOVED = ExpectedPatch.jsonPatch(hello,
      "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[]}]");

  private static final String NOT_OWNED = "ConfigMap default/hello-greeting already exists and is not controlled by "
      + "default/hello; it is left untouched: delete or rename it to let the controller create its own";

  /** Greeting {@code default/hello} taking its message from {@code key} of ConfigMap {@code name}. */
  private static Greeting fromConfigMap(String name, String key) {
    return Greetings.greetingFrom("hello", name, key);
  }

  /** ConfigMap {@code default/messages} with one message under {@code key}. */
  private static ConfigMap messages(String key, String message) {
    return new ConfigMapBuilder().withNewMetadata().withName("messages").withNamespace("default").endMetadata()
        .addToData(key, message).build();
  }

  /** How fabric8 reports the injected failure of the ConfigMap's create. */
  private static String createFailed(String message) {
    return "Failure executing: POST at: " + server.url() + "api/v1/namespaces/default/configmaps. Message: "
        + message + ". Received status: Status(apiVersion=v1, code=500, details=StatusDetails(causes=[], group=, "
        + "kind=configmaps, name=hello-greeting, retryAfterSeconds=null, uid=null, additionalProperties={}), "
        + "kind=Status, message=" + message + ", metadata=ListMeta(_continue=null, remainingItemCount=null, "
        + "resourceVersion=null, selfLink=null, shardInfo=null, additionalProperties={}), reason=InternalError, "
        + "status=Failure, additionalProperties={}).";
  }

  /** The Normal event the ConfigMap step records on the Greeting when it writes the ConfigMap. */
  private static ExpectedEvent configMapEvent(String reason) {
    return ExpectedEvent.normal(hello, reason, reason + " ConfigMap default/hello-greeting");
  }
}
