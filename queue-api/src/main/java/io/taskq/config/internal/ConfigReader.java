package io.taskq.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.QueueConfig;
import io.taskq.config.AlertsConfig;
import io.taskq.config.EventsConfig;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.config.Units;
import io.taskq.config.WorkerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a configuration tree into records, checking every key: unknown keys, wrong types and
 * out-of-range values fail with one line naming the source, the key path and the bad value.
 * Reads the top level and the worker, alerts and events sections itself; the redis section and
 * each queue's policy have their own readers, and {@link ConfigValues} reads every value and
 * words every message.
 */
public final class ConfigReader {
  private final ConfigValues values;
  private final RedisSectionReader redisSection;
  private final QueueSectionReader queueSection;

  /**
   * @param file the file the tree came from ({@code defaults} when none)
   * @param sources key paths overridden by the environment or flags, with their source
   */
  public ConfigReader(String file, Map<String, String> sources) {
    this.values = new ConfigValues(file, sources);
    this.redisSection = new RedisSectionReader(values);
    this.queueSection = new QueueSectionReader(values);
  }

  /**
   * The configuration of this tree (the YAML file's, with overrides already set in it).
   *
   * @throws io.taskq.ConfigException one line naming the source, key path, expectation and value
   */
  public TaskqConfig read(JsonNode root) {
    values.allow(root, "", "redis", "worker", "queues", "maxPayload", "maxResult", "alerts",
        "events");
    RedisConfig redis = redisSection.read(root.path("redis"));
    WorkerConfig worker = worker(root.path("worker"));
    int maxPayload = size(root, "maxPayload", TaskqConfig.DEFAULT_MAX_PAYLOAD);
    int maxResult = size(root, "maxResult", TaskqConfig.DEFAULT_MAX_RESULT);
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    JsonNode qs = root.path("queues");
    if (!qs.isMissingNode() && !qs.isNull()) {
      if (!qs.isObject()) {
        throw values.fail("queues", "a mapping of queue names to policies", qs);
      }
      qs.properties().forEach(e ->
          queues.put(e.getKey(), queueSection.read(e.getKey(), e.getValue())));
    }
    QueueConfig any = queues.remove(QueueConfig.ANY);
    return new TaskqConfig(redis, worker, queues, maxPayload, alerts(root.path("alerts")),
        maxResult, any, events(root.path("events")));
  }

  /** A top-level size limit in bytes, 1 byte to 512MB. */
  private int size(JsonNode root, String key, int fallback) {
    if (!root.hasNonNull(key)) {
      return fallback;
    }
    long bytes = values.value(root.get(key), key, "a size such as 1MB",
        n -> Units.bytes(n.asText()));
    return (int) (long) values.check(bytes >= 1 && bytes <= 512L * 1024 * 1024, bytes, key,
        "a size between 1 byte and 512MB");
  }

  private AlertsConfig alerts(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return AlertsConfig.OFF;
    }
    values.section(n, "alerts");
    values.allow(n, "alerts", "webhook", "minInterval", "dlqThreshold", "lagThreshold");
    URI webhook = null;
    JsonNode w = n.path("webhook");
    if (!w.isMissingNode() && !w.isNull()) {
      values.section(w, "alerts.webhook");
      values.allow(w, "alerts.webhook", "url");
      String url = values.text(w.path("url"), "alerts.webhook.url");
      try {
        webhook = URI.create(url);
        if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())) {
          throw new IllegalArgumentException("not http(s)");
        }
      } catch (IllegalArgumentException e) {
        throw values.error("alerts.webhook.url", "expected an http:// or https:// URL");
      }
    }
    Duration interval = n.hasNonNull("minInterval")
        ? values.positiveDuration(n.get("minInterval"), "alerts.minInterval")
        : AlertsConfig.DEFAULT_MIN_INTERVAL;
    long dlq = n.has("dlqThreshold")
        ? values.intAtLeast(n.get("dlqThreshold"), "alerts.dlqThreshold", 0) : 0;
    Duration lag = n.hasNonNull("lagThreshold")
        ? values.positiveDuration(n.get("lagThreshold"), "alerts.lagThreshold") : null;
    return new AlertsConfig(webhook, interval, dlq, lag);
  }

  private EventsConfig events(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return EventsConfig.OFF;
    }
    values.section(n, "events");
    values.allow(n, "events", "enabled", "maxLen");
    boolean enabled = n.hasNonNull("enabled") && values.bool(n.get("enabled"), "events.enabled");
    long maxLen = EventsConfig.DEFAULT_MAX_LEN;
    if (n.hasNonNull("maxLen")) {
      maxLen = values.intAtLeast(n.get("maxLen"), "events.maxLen", 1);
      values.check(maxLen <= EventsConfig.MAX_MAX_LEN, maxLen, "events.maxLen",
          "an integer between 1 and " + EventsConfig.MAX_MAX_LEN);
    }
    return new EventsConfig(enabled, maxLen);
  }

  private WorkerConfig worker(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return WorkerConfig.DEFAULT;
    }
    values.section(n, "worker");
    values.allow(n, "worker", "shutdownGrace", "logOutcomes");
    Duration grace = n.hasNonNull("shutdownGrace")
        ? values.duration(n.get("shutdownGrace"), "worker.shutdownGrace")
        : WorkerConfig.DEFAULT_SHUTDOWN_GRACE;
    boolean log = !n.hasNonNull("logOutcomes")
        || values.bool(n.get("logOutcomes"), "worker.logOutcomes");
    return new WorkerConfig(grace, log);
  }

  /** How a non-scalar node is described in messages. */
  public static String kind(JsonNode n) {
    return ConfigValues.kind(n);
  }
}
