package io.taskq.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text in one canonical form, so that equal values give equal text: object members sorted
 * by name, no whitespace, numbers in their shortest plain decimal form ({@code 1.0}, {@code 1e0}
 * and {@code 1} are all {@code 1}), strings escaped as Jackson escapes them. Thread-safe.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CanonicalJson() {}

  /**
   * The canonical form of {@code json}.
   *
   * @throws IllegalArgumentException when {@code json} is not JSON
   */
  public static String of(String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new IllegalArgumentException("not valid JSON: no value");
    }
    StringBuilder out = new StringBuilder(json.length());
    write(tree, out);
    return out.toString();
  }

  private static void write(JsonNode n, StringBuilder out) {
    if (n.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      n.fields().forEachRemaining(fields::add);
      fields.sort(Map.Entry.comparingByKey());
      out.append('{');
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(quoted(fields.get(i).getKey())).append(':');
        write(fields.get(i).getValue(), out);
      }
      out.append('}');
    } else if (n.isArray()) {
      out.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(n.get(i), out);
      }
      out.append(']');
    } else if (n.isNumber()) {
      out.append(number(n));
    } else {
      out.append(n.toString()); // string, boolean, null: Jackson's own text
    }
  }

  private static String number(JsonNode n) {
    if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
      // past the range of a double (1e999): unquoted, so that it differs from a string
      return n.doubleValue() > 0 ? "Infinity" : "-Infinity";
    }
    BigDecimal d = n.decimalValue().stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  private static String quoted(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a String always encodes
    }
  }
}
