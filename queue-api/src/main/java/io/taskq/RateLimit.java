package io.taskq;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate of claims shared by every worker of a queue: {@code permits} per {@code per}, with up to
 * {@code burst} claims at once after an idle spell (a token bucket refilled at
 * permits/per, holding at most burst tokens). Written {@code 100/s}, {@code 30/m} or
 * {@code 500/h}.
 *
 * @param permits claims per period, at least 1
 * @param per the period: one second, minute or hour
 * @param burst most claims at once, at least 1; defaults to the claims of one second (at least 1)
 */
public record RateLimit(int permits, Duration per, int burst) {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*/\\s*([smh])");

  public RateLimit {
    Objects.requireNonNull(per, "per");
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit must allow at least 1 task, was " + permits);
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("rate limit period must be > 0, was " + per);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("rate limit burst must be >= 1, was " + burst);
    }
  }

  /** {@code permits} per {@code per} with the default burst. */
  public static RateLimit of(int permits, Duration per) {
    long perSecond = Math.round(permits * 1000.0 / per.toMillis());
    return new RateLimit(permits, per, (int) Math.max(1, Math.min(perSecond, permits)));
  }

  /**
   * Parses {@code N/s}, {@code N/m} or {@code N/h}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static RateLimit parse(String text) {
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a rate such as 100/s, 30/m or 500/h, got '" + text + "'");
    }
    Duration per = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      default -> Duration.ofHours(1);
    };
    return of(Integer.parseInt(m.group(1)), per);
  }

  /** This rate with another burst. */
  public RateLimit withBurst(int burst) {
    return new RateLimit(permits, per, burst);
  }

  /** Milliseconds between two tokens (may be fractional). */
  public double millisPerToken() {
    return (double) per.toMillis() / permits;
  }

  @Override
  public String toString() {
    String unit = per.equals(Duration.ofSeconds(1)) ? "s"
        : per.equals(Duration.ofMinutes(1)) ? "m" : per.equals(Duration.ofHours(1)) ? "h"
        : per.toMillis() + "ms";
    return permits + "/" + unit + " (burst " + burst + ")";
  }
}
