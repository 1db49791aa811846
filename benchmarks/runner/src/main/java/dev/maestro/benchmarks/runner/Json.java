package dev.maestro.benchmarks.runner;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A small JSON writer for results.json: maps, lists, strings, numbers, booleans and null, indented. */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "");
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      out.append('"');
      for (char c : text.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    } else if (value instanceof Double number) {
      out.append(number.isNaN() || number.isInfinite() ? "null" : round(number));
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        out.append(indent).append("  ");
        write(out, String.valueOf(entry.getKey()), "");
        out.append(": ");
        write(out, entry.getValue(), indent + "  ");
        out.append(entries.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append(indent).append("  ");
        write(out, list.get(i), indent + "  ");
        out.append(i < list.size() - 1 ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else {
      write(out, value.toString(), indent);
    }
  }

  /** Four significant decimals are more than the measurements' precision. */
  private static String round(double number) {
    if (number == Math.rint(number) && Math.abs(number) < 1e15) {
      return Long.toString((long) number);
    }
    return new java.math.BigDecimal(number).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
  }
}
