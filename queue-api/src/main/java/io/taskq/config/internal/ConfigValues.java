package io.taskq.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.ConfigException;
import io.taskq.config.Units;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks the values of one configuration tree, node by node, for the section readers of
 * {@link ConfigReader}. Every failure is a {@link ConfigException} of one line: the source (the
 * file, or the environment variable or flag that set the key), the key path, what was expected
 * and the bad value; the values of secret keys (passwords, URLs that may hold one) are never
 * shown. Errors about unknown keys (and queue names) name the file.
 */
final class ConfigValues {
  private static final Set<String> SECRET_KEYS = Set.of("redis.password", "redis.url",
      "alerts.webhook.url");

  private final String file;
  private final Map<String, String> sources;

  /**
   * @param file the file the tree came from ({@code defaults} when none)
   * @param sources key paths overridden by the environment or flags, with their source
   */
  ConfigValues(String file, Map<String, String> sources) {
    this.file = file;
    this.sources = sources;
  }

  /** The file the tree came from, named in errors about unknown keys and queue names. */
  String file() {
    return file;
  }

  /** Whether the environment or a flag set this key path. */
  boolean overridden(String p) {
    return sources.containsKey(p);
  }

  /** Where the value at key path p came from: its environment variable or flag, else the file. */
  String source(String p) {
    return sources.getOrDefault(p, file);
  }

  /** The error {@code <source>: <p>: <what>}. */
  ConfigException error(String p, String what) {
    return new ConfigException(source(p) + ": " + p + ": " + what);
  }

  /** Fails unless {@code n} is a mapping. */
  void section(JsonNode n, String p) {
    if (!n.isObject()) {
      throw fail(p, "a mapping", n);
    }
  }

  /** Fails on the first key of {@code n} (at path {@code p}, empty at the top) not in keys. */
  void allow(JsonNode n, String p, String... keys) {
    List<String> allowed = List.of(keys);
    n.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        throw new ConfigException(file + ": " + (p.isEmpty() ? "" : p + ".") + k
            + ": unknown key; expected one of " + String.join(", ", allowed));
      }
    });
  }

  /** The positive duration at {@code p} (the last part of it a key of section), else dflt. */
  Duration positive(JsonNode section, String p, Duration dflt) {
    String key = p.substring(p.lastIndexOf('.') + 1);
    return section.hasNonNull(key) ? positiveDuration(section.get(key), p) : dflt;
  }

  Duration positiveDuration(JsonNode n, String p) {
    Duration d = duration(n, p);
    check(!d.isZero(), n.asText(), p, "a duration greater than zero");
    return d;
  }

  /** A duration with a unit ({@link Units#duration}); a bare 0 is zero. */
  Duration duration(JsonNode n, String p) {
    if (!n.isValueNode() || n.isBoolean()) {
      throw fail(p, "a duration such as 250ms, 10s, 5m, 1h, 1d or PT30S", n);
    }
    if (n.isNumber() && n.asDouble() == 0) {
      return Duration.ZERO;
    }
    if (n.isNumber()) {
      throw fail(p, "a duration with a unit such as 10s (a bare number is ambiguous)", n);
    }
    return value(n, p, "", x -> Units.duration(x.asText()));
  }

  /** An integer (a number or its text) of at least min. */
  int intAtLeast(JsonNode n, String p, int min) {
    String expected = "an integer >= " + min;
    if (!(n.isIntegralNumber() && n.canConvertToInt()) && !isIntText(n)) {
      throw fail(p, expected, n);
    }
    int v = n.isIntegralNumber() ? n.asInt() : Integer.parseInt(n.asText().trim());
    check(v >= min, n.asText(), p, expected);
    return v;
  }

  private static boolean isIntText(JsonNode n) {
    return n.isTextual() && n.asText().trim().matches("-?\\d{1,9}");
  }

  /** A boolean, or its text in any case. */
  boolean bool(JsonNode n, String p) {
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    String t = n.asText().trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    throw fail(p, "true or false", n);
  }

  /** A scalar that is not blank. */
  String text(JsonNode n, String p) {
    if (!n.isValueNode() || n.asText().isBlank()) {
      throw fail(p, "a non-empty string", n);
    }
    return n.asText();
  }

  /**
   * {@code parse} applied to {@code n}; its {@link IllegalArgumentException} becomes the error
   * "expected {@code expected}", or, when {@code expected} is empty, the exception's message.
   */
  <T> T value(JsonNode n, String p, String expected, Function<JsonNode, T> parse) {
    try {
      return parse.apply(n);
    } catch (IllegalArgumentException e) {
      throw error(p, expected.isEmpty() ? String.valueOf(e.getMessage())
          : "expected " + expected + ", got " + shown(p, n.asText()));
    }
  }

  /** {@code value} when {@code ok}, else the error "expected {@code expected}, got value". */
  <T> T check(boolean ok, T value, String p, String expected) {
    if (!ok) {
      throw error(p, "expected " + expected + ", got " + shown(p, String.valueOf(value)));
    }
    return value;
  }

  /** The error "expected {@code expected}, got" the node (its value, or its kind). */
  ConfigException fail(String p, String expected, JsonNode got) {
    String shown = got.isValueNode() ? shown(p, got.asText()) : kind(got);
    return error(p, "expected " + expected + ", got " + shown);
  }

  private static String shown(String p, String value) {
    return SECRET_KEYS.contains(p) ? "a value that is not shown" : "\"" + value + "\"";
  }

  /** How a non-scalar node is described in messages. */
  static String kind(JsonNode n) {
    return n.isArray() ? "a list" : n.isObject() ? "a mapping" : n.isNull() ? "nothing"
        : "\"" + n.asText() + "\"";
  }
}
