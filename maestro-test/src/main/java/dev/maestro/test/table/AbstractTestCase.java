package dev.maestro.test.table;

import dev.maestro.core.ReconcileException;
import dev.maestro.core.Result;
import dev.maestro.test.Fault;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the two kinds of test case share: the objects that exist before, the faults to inject, every expectation
 * on what the code under test writes, and its result or error. See {@link ReconcilerTestCase} and
 * {@link StepTestCase}.
 *
 * <p>Cases are immutable: every method returns a new case, so a case can serve as the base of others
 * ({@code base.withName("other").expectCreates(...)}). A method setting a list replaces what an earlier call set.
 *
 * <p>Unless a case says otherwise it expects nothing: no create, update, patch, delete, status update, event or track,
 * no error, and {@link Result#done()}. A case that leaves out a write the code makes therefore fails, which is what
 * makes "nothing to do" cases meaningful.
 *
 * @param <C> the concrete case type, so that calls chain
 */
public abstract class AbstractTestCase<C extends AbstractTestCase<C>> {

  String name;
  List<HasMetadata> given = List.of();
  List<Fault> faults = List.of();
  List<HasMetadata> creates = List.of();
  List<HasMetadata> updates = List.of();
  List<ExpectedPatch> patches = List.of();
  List<ExpectedDelete> deletes = List.of();
  List<HasMetadata> statusUpdates = List.of();
  List<ExpectedEvent> events = List.of();
  List<ExpectedTrack> tracks = List.of();
  Result result = Result.done();
  @Nullable ErrorExpectation error;
  @Nullable String skipReason;
  boolean focus;
  List<Consumer<CaseContext>> before = List.of();
  List<Consumer<CaseContext>> after = List.of();
  @Nullable Instant now;

  AbstractTestCase(String name) {
    this.name = requireName(name);
  }

  AbstractTestCase(AbstractTestCase<C> other) {
    this.name = other.name;
    this.given = other.given;
    this.faults = other.faults;
    this.creates = other.creates;
    this.updates = other.updates;
    this.patches = other.patches;
    this.deletes = other.deletes;
    this.statusUpdates = other.statusUpdates;
    this.events = other.events;
    this.tracks = other.tracks;
    this.result = other.result;
    this.error = other.error;
    this.skipReason = other.skipReason;
    this.focus = other.focus;
    this.before = other.before;
    this.after = other.after;
    this.now = other.now;
  }

  /** A copy of this case, to change and return. */
  abstract C copy();

  /** The case's name, as reports and IDEs show it. */
  public String name() {
    return name;
  }

  /** A copy of this case under another name: the way to derive a case from a base. */
  public C withName(String name) {
    C copy = copy();
    copy.name = requireName(name);
    return copy;
  }

  /**
   * Objects that exist on the API server before the code runs. They are created through the harness's unrecorded
   * client, in an order that puts owners before the objects they own; a status is written through the status
   * subresource; an object with a deletionTimestamp ({@link TestObjects#beingDeleted}) is deleted after it is
   * created, so its finalizers hold it. The server fills uid, resourceVersion, generation (always 1) and
   * creationTimestamp.
   */
  public C given(HasMetadata... objects) {
    C copy = copy();
    copy.given = List.of(objects);
    return copy;
  }

  /** Faults armed while the code runs, limited to this case's namespaces unless they name a namespace. */
  public C withFaults(Fault... faults) {
    C copy = copy();
    copy.faults = List.of(faults);
    return copy;
  }

  /** The objects the code must create (POST), in order, as it sends them. */
  public C expectCreates(HasMetadata... objects) {
    C copy = copy();
    copy.creates = List.of(objects);
    return copy;
  }

  /** The objects the code must update (PUT, not the status), in order, as it sends them. */
  public C expectUpdates(HasMetadata... objects) {
    C copy = copy();
    copy.updates = List.of(objects);
    return copy;
  }

  /** The patches the code must send (not of the status), in order. */
  public C expectPatches(ExpectedPatch... patches) {
    C copy = copy();
    copy.patches = List.of(patches);
    return copy;
  }

  /** The deletes the code must send, in order. */
  public C expectDeletes(ExpectedDelete... deletes) {
    C copy = copy();
    copy.deletes = List.of(deletes);
    return copy;
  }

  /**
   * The status writes the code must make (PUT or PATCH of the status subresource), in order: each object's kind,
   * namespace, name and status are compared with the status the write asks for (for a patch: the patch applied
   * to the object as it was).
   */
  public C expectStatusUpdates(HasMetadata... objects) {
    C copy = copy();
    copy.statusUpdates = List.of(objects);
    return copy;
  }

  /** The events the code must write, in order. */
  public C expectEvents(ExpectedEvent... events) {
    C copy = copy();
    copy.events = List.of(events);
    return copy;
  }

  /**
   * What the parent must track after the code ran ({@code context.track(...)}, {@code context.trackSelector(...)}),
   * in the order tracked.
   */
  public C expectTracks(ExpectedTrack... tracks) {
    C copy = copy();
    copy.tracks = List.of(tracks);
    return copy;
  }

  /** The result the code must return; {@link Result#done()} unless set. Not checked when an error is expected. */
  public C expectResult(Result result) {
    C copy = copy();
    copy.result = Objects.requireNonNull(result, "result");
    return copy;
  }

  /** The code must throw, whatever the error. */
  public C expectError() {
    return withError(new ErrorExpectation("an error", error -> null));
  }

  /** The code must throw an error of {@code type} (or a subtype). */
  public C expectError(Class<? extends Throwable> type) {
    return withError(new ErrorExpectation("an error of type " + type.getName(), error -> type.isInstance(error) ? null
        : "it threw " + error.getClass().getName() + " instead"));
  }

  /**
   * The code must throw an error with {@code reason}, as {@link ReconcileException#reasonOf} derives it: a
   * {@link ReconcileException}'s reason, or the reason of the API server's answer for a
   * {@link io.fabric8.kubernetes.client.KubernetesClientException} ({@code Conflict}, {@code InternalError}, ...).
   */
  public C expectErrorReason(String reason) {
    return withError(new ErrorExpectation("an error with reason " + reason, error -> {
      String actual = reasonOf(error);
      return reason.equals(actual) ? null : "its reason is " + actual;
    }));
  }

  /** The code must throw an error that {@code assertion} accepts (it throws an AssertionError otherwise). */
  public C expectError(Consumer<? super Throwable> assertion) {
    return withError(new ErrorExpectation("an error the case's assertion accepts", error -> {
      try {
        assertion.accept(error);
        return null;
      } catch (AssertionError e) {
        return e.getMessage();
      }
    }));
  }

  /** Skips this case. */
  public C skip() {
    return skip("skipped by the case");
  }

  /** Skips this case, saying why. */
  public C skip(String reason) {
    C copy = copy();
    copy.skipReason = Objects.requireNonNull(reason, "reason");
    return copy;
  }

  /**
   * Runs this case (and other focused ones) only, skipping the rest of the suite; the suite then reports one
   * failure reminding to remove the focus, so that a focused suite never passes unnoticed in CI.
   */
  public C focus() {
    C copy = copy();
    copy.focus = true;
    return copy;
  }

  /** Runs {@code hook} before the code under test: after the given objects exist, before the controller starts. */
  public C before(Consumer<CaseContext> hook) {
    C copy = copy();
    copy.before = append(before, hook);
    return copy;
  }

  /** Runs {@code hook} after the case's checks, whether they passed or not. */
  public C after(Consumer<CaseContext> hook) {
    C copy = copy();
    copy.after = append(after, hook);
    return copy;
  }

  /** The "now" of condition transition times in this case, instead of the suite's. */
  public C now(Instant now) {
    C copy = copy();
    copy.now = Objects.requireNonNull(now, "now");
    return copy;
  }

  private C withError(ErrorExpectation expectation) {
    C copy = copy();
    copy.error = expectation;
    return copy;
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> all = new ArrayList<>(list);
    all.add(Objects.requireNonNull(item, "hook"));
    return List.copyOf(all);
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a test case needs a name");
    }
    return name;
  }

  /** The reason Maestro reports for an error, as in the parent's Ready condition. */
  static String reasonOf(Throwable error) {
    return ReconcileException.reasonOf(error);
  }

  /**
   * An expectation on the error.
   *
   * @param description what is expected, for messages
   * @param check null when the error is acceptable, otherwise why not
   */
  record ErrorExpectation(String description, Function<Throwable, @Nullable String> check) {}
}
