package dev.maestro.test.table;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts in the unified style: {@code "  "} for a line in both, {@code "- "} for a line only
 * expected, {@code "+ "} for a line only actual. Long runs of unchanged lines are shortened to their edges.
 */
final class TextDiff {

  private static final int CONTEXT = 4;

  private TextDiff() {}

  static String of(String expected, String actual) {
    String[] a = expected.split("\n", -1);
    String[] b = actual.split("\n", -1);
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        lines.add("  " + a[i]);
        i++;
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        lines.add("- " + a[i]);
        i++;
      } else {
        lines.add("+ " + b[j]);
        j++;
      }
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return shorten(lines);
  }

  private static String shorten(List<String> lines) {
    boolean[] keep = new boolean[lines.size()];
    for (int k = 0; k < lines.size(); k++) {
      if (!lines.get(k).startsWith("  ")) {
        for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
          keep[c] = true;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (int k = 0; k < lines.size(); k++) {
      if (keep[k]) {
        out.append(lines.get(k)).append('\n');
        skipping = false;
      } else if (!skipping) {
        out.append("  ...\n");
        skipping = true;
      }
    }
    return out.toString();
  }
}
