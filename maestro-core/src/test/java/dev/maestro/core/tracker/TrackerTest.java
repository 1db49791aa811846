package dev.maestro.core.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maestro.core.ResourceKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackerTest {

  @Test
  void tracksTellsWhetherAControllersParentsTrackAKindInANamespace() {
    Tracker tracker = new Tracker();
    tracker.register("greetings", key -> { }, (kind, namespace) -> true);
    tracker.register("others", key -> { }, (kind, namespace) -> true);
    Tracker.Session session = tracker.session("greetings", new ResourceKey("home", "hello"));
    session.track(ConfigMap.class, new ResourceKey("elsewhere", "settings"));
    session.trackSelector(Secret.class, "vault", Map.of("app", "greetings"));
    session.commit(true);

    assertThat(tracker.tracks("greetings", ConfigMap.class, "elsewhere")).isTrue();
    assertThat(tracker.tracks("greetings", Secret.class, "vault")).as("by a selector").isTrue();
    assertThat(tracker.tracks("greetings", ConfigMap.class, "home")).isFalse();
    assertThat(tracker.tracks("greetings", Secret.class, "elsewhere")).isFalse();
    assertThat(tracker.tracks("others", ConfigMap.class, "elsewhere")).as("another controller").isFalse();

    // the next successful reconcile tracks nothing: nothing is tracked there any more
    tracker.session("greetings", new ResourceKey("home", "hello")).commit(true);
    assertThat(tracker.tracks("greetings", ConfigMap.class, "elsewhere")).isFalse();
  }

  @Test
  void aTrackIsRecordedBeforeItsKindIsWatchedThere() {
    Tracker tracker = new Tracker();
    List<Boolean> trackedWhenWatched = new ArrayList<>();
    tracker.register("greetings", key -> { }, (kind, namespace) -> {
      trackedWhenWatched.add(tracker.tracks("greetings", kind, namespace));
      return true;
    });
    Tracker.Session session = tracker.session("greetings", new ResourceKey("home", "hello"));

    session.track(ConfigMap.class, new ResourceKey("elsewhere", "settings"));
    session.trackSelector(Secret.class, "vault", Map.of("app", "greetings"));

    // an informer kept only while something is tracked there must never see a watch before the track
    assertThat(trackedWhenWatched).containsExactly(true, true);
  }

  @Test
  void aChangeEnqueuesTheParentsTrackingTheObjectByKeyOrSelectorAndThoseWhoseSelectorItLeaves() {
    Tracker tracker = new Tracker();
    List<ResourceKey> enqueued = new ArrayList<>();
    tracker.register("greetings", enqueued::add, (kind, namespace) -> true);
    Tracker.Session byKey = tracker.session("greetings", new ResourceKey("home", "by-key"));
    byKey.track(Secret.class, new ResourceKey("vault", "token"));
    byKey.commit(true);
    Tracker.Session bySelector = tracker.session("greetings", new ResourceKey("home", "by-selector"));
    bySelector.trackSelector(Secret.class, "vault", Map.of("app", "greetings"));
    bySelector.commit(true);
    Secret labelled = secret("token", Map.of("app", "greetings"));
    Secret unlabelled = secret("token", Map.of());

    tracker.changed(labelled);
    assertThat(enqueued).containsExactlyInAnyOrder(new ResourceKey("home", "by-key"),
        new ResourceKey("home", "by-selector"));

    enqueued.clear();
    tracker.changed(labelled, unlabelled);
    assertThat(enqueued).as("the selector's parent hears that the object left it")
        .containsExactlyInAnyOrder(new ResourceKey("home", "by-key"), new ResourceKey("home", "by-selector"));

    enqueued.clear();
    tracker.changed(unlabelled, secret("token", Map.of("app", "other")));
    assertThat(enqueued).containsExactly(new ResourceKey("home", "by-key"));
  }

  private static Secret secret(String name, Map<String, String> labels) {
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withNamespace("vault")
        .withName(name).withLabels(labels).endMetadata().build();
  }
}
