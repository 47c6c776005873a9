package io.taskq.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How commands print data: JSON with {@code --json}, else aligned columns. */
final class Output {
  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

  private Output() {}

  static void json(PrintWriter out, Object value) {
    out.println(jsonLine(value));
    out.flush();
  }

  /** {@code value} as JSON text on one line. */
  static String jsonLine(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  /**
   * Prints rows under a header, each column as wide as its widest cell.
   *
   * @throws IllegalArgumentException when a column has no header or a row another width: every
   *     column a user sees is named
   */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    if (header.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("a table column has no header: " + header);
    }
    if (rows.stream().anyMatch(r -> r.size() != header.size())) {
      throw new IllegalArgumentException("a table row does not have one cell per header "
          + header);
    }
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    rows.forEach(r -> line(sb, r, width));
    out.print(sb);
    out.flush();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(c);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    sb.append('\n');
  }

  /** JSON text as a tree to embed in output; text that is not JSON stays a string. */
  static @Nullable JsonNode tree(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(json);
    }
  }

  static String text(@Nullable Object o) {
    return o == null ? "-" : o.toString();
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  static String time(@Nullable Instant i) {
    return i == null ? "-" : i.toString();
  }
}
