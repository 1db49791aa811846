package dev.maestro.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  /** A map that may hold null values, as JSON trees do. */
  private static Map<String, Object> json(Object... keysAndValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void equalTreesGiveAnEmptyPatch() {
    Map<String, Object> tree = json("a", "x", "spec", json("replicas", 3, "ports", List.of(80, 443)));

    assertThat(MergePatch.diff(tree, json("a", "x", "spec", json("replicas", 3, "ports", List.of(80, 443)))))
        .isEmpty();
  }

  @Test
  void changedScalarIsInThePatch() {
    assertThat(MergePatch.diff(json("a", "x", "b", 1), json("a", "y", "b", 1)))
        .containsExactly(entry("a", "y"));
  }

  @Test
  void addedKeyIsInThePatch() {
    assertThat(MergePatch.diff(json("a", "x"), json("a", "x", "b", true)))
        .containsExactly(entry("b", true));
  }

  @Test
  void removedKeyIsNullInThePatch() {
    assertThat(MergePatch.diff(json("a", "x", "b", "y"), json("a", "x")))
        .containsExactly(entry("b", null));
  }

  @Test
  void keySetToNullIsNullInThePatch() {
    assertThat(MergePatch.diff(json("a", "x"), json("a", null)))
        .containsExactly(entry("a", null));
  }

  @Test
  void keyNullOnBothSidesOrAbsentIsNotInThePatch() {
    assertThat(MergePatch.diff(json("a", null), json())).isEmpty();
    assertThat(MergePatch.diff(json(), json("a", null))).isEmpty();
  }

  @Test
  void nestedDiffHoldsOnlyTheChangedNestedKeys() {
    Map<String, Object> from = json("metadata", json("name", "n", "labels", json("app", "web", "tier", "front")),
        "spec", json("replicas", 1));
    Map<String, Object> to = json("metadata", json("name", "n", "labels", json("app", "api", "tier", "front")),
        "spec", json("replicas", 1));

    assertThat(MergePatch.diff(from, to))
        .containsExactly(entry("metadata", Map.of("labels", Map.of("app", "api"))));
  }

  @Test
  void removedNestedKeyIsNullInsideTheNestedPatch() {
    Map<String, Object> from = json("labels", json("app", "web", "tier", "front"));
    Map<String, Object> to = json("labels", json("app", "web"));

    assertThat(MergePatch.diff(from, to)).containsExactly(entry("labels", json("tier", null)));
  }

  @Test
  void objectReplacingAScalarIsInThePatchWhole() {
    assertThat(MergePatch.diff(json("a", "x"), json("a", json("b", 1))))
        .containsExactly(entry("a", Map.of("b", 1)));
  }

  @Test
  void listsAreReplacedWhole() {
    assertThat(MergePatch.diff(json("ports", List.of(80, 443, 8080)), json("ports", List.of(80, 443, 9090))))
        .containsExactly(entry("ports", List.of(80, 443, 9090)));
  }

  @Test
  void listOfObjectsWithOneChangedFieldIsReplacedWhole() {
    List<Object> from = List.of(json("name", "a", "port", 80), json("name", "b", "port", 81));
    List<Object> to = List.of(json("name", "a", "port", 80), json("name", "b", "port", 82));

    assertThat(MergePatch.diff(json("ports", from), json("ports", to))).containsExactly(entry("ports", to));
  }

  @Test
  void integerAndLongOfTheSameValueAreEqual() {
    assertThat(MergePatch.diff(json("n", 1), json("n", 1L))).isEmpty();
    assertThat(MergePatch.diff(json("n", List.of(1, 2)), json("n", List.of(1L, 2L)))).isEmpty();
    assertThat(MergePatch.diff(json("n", json("m", 1)), json("n", json("m", 1L)))).isEmpty();
  }

  @Test
  void differentNumbersAreNotEqualWhateverTheirType() {
    assertThat(MergePatch.diff(json("n", 1), json("n", 2L))).containsExactly(entry("n", 2L));
  }

  @Test
  void nullTreesCountAsEmpty() {
    assertThat(MergePatch.diff(null, null)).isEmpty();
    assertThat(MergePatch.diff(null, json("a", 1))).containsExactly(entry("a", 1));
    assertThat(MergePatch.diff(json("a", 1), null)).containsExactly(entry("a", null));
  }
}
