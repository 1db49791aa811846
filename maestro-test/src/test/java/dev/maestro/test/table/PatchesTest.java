package dev.maestro.test.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a patch asks for, computed the way the API server applies it. */
class PatchesTest {

  private static final Map<String, Object> OBJECT = Map.of(
      "metadata", Map.of("name", "a", "resourceVersion", "3"),
      "status", Map.of("paint", "red", "conditions", List.of(Map.of("type", "Ready"))));

  @Test
  void jsonPatchOperationsApplyInOrderWithoutChangingTheTarget() {
    Object patched = Patches.json(OBJECT, List.of(
        Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", "4"),
        Map.of("op", "replace", "path", "/status/paint", "value", "blue"),
        Map.of("op", "add", "path", "/status/conditions/-", "value", Map.of("type", "Painted")),
        Map.of("op", "add", "path", "/status/conditions/0", "value", Map.of("type", "First")),
        Map.of("op", "remove", "path", "/status/conditions/1"),
        Map.of("op", "add", "path", "/metadata/labels~1x", "value", "1"),
        Map.of("op", "test", "path", "/status/paint", "value", "anything")));

    assertThat(patched).isEqualTo(Map.of(
        "metadata", Map.of("name", "a", "resourceVersion", "4", "labels/x", "1"),
        "status", Map.of("paint", "blue", "conditions", List.of(Map.of("type", "First"),
            Map.of("type", "Painted")))));
    assertThat(OBJECT.get("status")).isEqualTo(Map.of("paint", "red", "conditions", List.of(Map.of("type", "Ready"))));
  }

  @Test
  void mergePatchMergesMapsReplacesListsAndRemovesNulls() {
    java.util.HashMap<String, Object> status = new java.util.HashMap<>();
    status.put("paint", null);
    status.put("conditions", List.of());
    Object patched = Patches.merge(OBJECT, Map.of("status", status, "spec", Map.of("color", "blue")));

    assertThat(patched).isEqualTo(Map.of(
        "metadata", Map.of("name", "a", "resourceVersion", "3"),
        "status", Map.of("conditions", List.of()),
        "spec", Map.of("color", "blue")));
  }

  @Test
  void diffShowsChangedLinesAsRemovedThenAdded() {
    assertThat(TextDiff.of("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 5\nc: 3\n"))
        .isEqualTo("  a: 1\n- b: 2\n+ b: 5\n  c: 3\n");
  }
}
