package io.taskq.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations and sizes of configuration files and command lines: {@code 250ms},
 * {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT30S}); sizes {@code 512},
 * {@code 512B}, {@code 64KB}, {@code 1MB}, {@code 1GB} (units of 1024).
 */
public final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?");

  private Units() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static Duration duration(String text) {
    String t = text.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t);
        if (!d.isNegative()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "expected a duration such as 250ms, 10s, 5m, 1h, 1d or PT30S, got \"" + text + "\"");
  }

  /**
   * Parses a size in bytes.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      return switch (unit.charAt(0)) {
        case 'k' -> n * 1024;
        case 'm' -> n * 1024 * 1024;
        case 'g' -> n * 1024 * 1024 * 1024;
        default -> n;
      };
    }
    throw new IllegalArgumentException(
        "expected a size such as 1048576, 512KB or 1MB, got \"" + text + "\"");
  }
}
