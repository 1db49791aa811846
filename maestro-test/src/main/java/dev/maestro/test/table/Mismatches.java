package dev.maestro.test.table;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * The unmet expectations of one case, reported together: each names what was expected and shows the expected and
 * actual objects as a YAML diff, so that one run tells everything that is wrong.
 */
final class Mismatches {

  private final String caseName;
  private final List<String> entries = new ArrayList<>();
  private @Nullable Throwable cause;

  Mismatches(String caseName) {
    this.caseName = caseName;
  }

  /** Records a free-form mismatch. */
  void add(String text) {
    entries.add(text.endsWith("\n") ? text : text + "\n");
  }

  /** Records an unexpected error; it becomes the cause of the failure, so its stack trace is shown. */
  void error(String text, Throwable error) {
    add(text);
    if (cause == null) {
      cause = error;
    }
  }

  /**
   * Compares two lists in order; each position is a missing, an extra or a different item when the canonical
   * YAML of the two sides differs.
   *
   * @param what the expectation kind, e.g. {@code creates}
   * @param expected canonical forms of the expected items, in order
   * @param actual canonical forms of what happened, in order
   * @param labels how to name the actual/expected item at a position (kind and key), for the headings
   */
  void compareInOrder(String what, List<@Nullable Object> expected, List<@Nullable Object> actual,
      java.util.function.IntFunction<String> labels, Canonical canonical) {
    int size = Math.max(expected.size(), actual.size());
    for (int i = 0; i < size; i++) {
      String position = what + " #" + (i + 1) + " (" + labels.apply(i) + ")";
      if (i >= actual.size()) {
        add(position + ": expected, but not made. Expected:\n" + indent(canonical.yaml(expected.get(i))));
      } else if (i >= expected.size()) {
        add(position + ": made, but not expected. Actual:\n" + indent(canonical.yaml(actual.get(i))));
      } else {
        compare(position, expected.get(i), actual.get(i), canonical);
      }
    }
  }

  /** Compares two canonical values; a difference is recorded under {@code what} as a diff. */
  boolean compare(String what, @Nullable Object expected, @Nullable Object actual, Canonical canonical) {
    if (canonical.same(expected, actual)) {
      return true;
    }
    String want = canonical.yaml(expected);
    String have = canonical.yaml(actual);
    String diff = want.equals(have) ? "- " + canonical.json().asJson(expected) + "\n+ " + canonical.json().asJson(actual)
        : TextDiff.of(want, have);
    add(what + ": differs (- expected, + actual):\n" + indent(diff));
    return false;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Throws an assertion error listing every mismatch; a no-op when there is none. */
  void throwIfAny() {
    if (entries.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("Case \"").append(caseName).append("\": ").append(entries.size())
        .append(entries.size() == 1 ? " expectation not met" : " expectations not met").append('\n');
    for (String entry : entries) {
      message.append('\n').append(entry);
    }
    throw new AssertionFailedError(message.toString(), cause);
  }

  static String indent(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append("    ").append(line).append('\n');
      }
    }
    return out.toString();
  }
}
