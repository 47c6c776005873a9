package io.taskq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.taskq.TaskqException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The results of one scenario: its parameters and one row per measured case. Printed as a table
 * on standard output and, with {@code --json FILE}, written as JSON for scripts.
 */
final class Report {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Map<String, Object> document = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final List<Map<String, Object>> results = new ArrayList<>();

  Report(String scenario, String redisUrl) {
    document.put("scenario", scenario);
    document.put("startedAt", Instant.now().toString());
    document.put("redis", redisUrl);
    Runtime rt = Runtime.getRuntime();
    document.put("jvm", Map.of("version", Runtime.version().toString(),
        "cpus", rt.availableProcessors(), "maxHeapMib", rt.maxMemory() / (1024 * 1024)));
    document.put("parameters", parameters);
    document.put("results", results);
  }

  /** Adds a parameter of the run. */
  Report parameter(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  /** Adds a result row: alternating column names and values; more may be put into it. */
  Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> r = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      r.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    results.add(r);
    return r;
  }

  List<Map<String, Object>> results() {
    return results;
  }

  /** The parameters on one line, then the rows as aligned columns (the first row's names). */
  void print(PrintWriter out) {
    StringBuilder head = new StringBuilder("bench " + document.get("scenario"));
    parameters.forEach((k, v) -> head.append("  ").append(k).append('=').append(v));
    out.println(head);
    if (!results.isEmpty()) {
      List<String> names = List.copyOf(results.get(0).keySet());
      List<List<String>> lines = new ArrayList<>();
      lines.add(names);
      for (Map<String, Object> r : results) {
        lines.add(names.stream().map(n -> cell(r.get(n))).toList());
      }
      int[] width = new int[names.size()];
      lines.forEach(l -> {
        for (int i = 0; i < width.length; i++) {
          width[i] = Math.max(width[i], l.get(i).length());
        }
      });
      for (List<String> l : lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
          sb.append(String.format(Locale.ROOT, i == 0 ? "%-" + width[i] + "s" : "  %" + width[i]
              + "s", l.get(i)));
        }
        out.println(sb);
      }
    }
    out.flush();
  }

  private static String cell(@Nullable Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : "%.2f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }

  /** Writes the report as JSON. */
  void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), document);
    } catch (IOException e) {
      throw new TaskqException("cannot write the results to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Rounds to {@code digits} decimals, so the JSON stays readable. */
  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
