package dev.maestro.core.runtime;

import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What the API server accepts as a label: the checks of label selectors, before a list or watch is refused. */
public final class Labels {

  /** A label key: an optional DNS subdomain prefix and a slash, then a name of at most 63 characters. */
  private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
      + "[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  /** A label value: empty, or at most 63 characters, alphanumeric at both ends. */
  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private Labels() {}

  /** Whether {@code key} is a valid label key (a prefix of at most 253 characters, a name of at most 63). */
  public static boolean isKey(String key) {
    return KEY.matcher(key).matches() && key.indexOf('/') <= 253;
  }

  /** Whether {@code value} is a valid label value. */
  public static boolean isValue(String value) {
    return value.length() <= 63 && VALUE.matcher(value).matches();
  }

  /** What is wrong with {@code labels} as a label selector; null when nothing is. */
  public static @Nullable String problem(Map<String, String> labels) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getKey() == null || !isKey(label.getKey())) {
        return "'" + label.getKey() + "' is not a valid label key";
      }
      if (label.getValue() == null || !isValue(label.getValue())) {
        return "'" + label.getValue() + "' is not a valid label value (label " + label.getKey() + ")";
      }
    }
    return null;
  }
}
