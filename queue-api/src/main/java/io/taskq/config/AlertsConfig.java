package io.taskq.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Optional webhook alerts (Slack-compatible JSON {@code {"text": ...}}) sent by workers when a
 * task is dead-lettered and when a queue passes a threshold. Never includes payloads.
 *
 * @param webhook where to POST; {@code null} turns alerts off (default)
 * @param minInterval at most one alert per kind and queue in this interval (default 5 min);
 *     the ones held back are counted in the next
 * @param dlqThreshold alert when a queue holds more dead tasks than this (default 0)
 * @param lagThreshold alert when a queue's oldest pending task is older (null: off, default)
 */
public record AlertsConfig(@Nullable URI webhook, Duration minInterval, long dlqThreshold,
    @Nullable Duration lagThreshold) {
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);
  /** Alerts off. */
  public static final AlertsConfig OFF = new AlertsConfig(null, DEFAULT_MIN_INTERVAL, 0, null);

  public AlertsConfig {
    Objects.requireNonNull(minInterval, "minInterval");
    if (dlqThreshold < 0) {
      throw new IllegalArgumentException("alerts.dlqThreshold must be >= 0, was " + dlqThreshold);
    }
  }

  /** Whether a webhook is configured. */
  public boolean enabled() {
    return webhook != null;
  }

  @Override
  public String toString() {
    // webhook URLs carry a secret token
    return "AlertsConfig[webhook=" + (webhook == null ? "off" : "set") + ", minInterval="
        + minInterval + ", dlqThreshold=" + dlqThreshold + ", lagThreshold=" + lagThreshold + "]";
  }
}
