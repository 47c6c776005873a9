package io.taskq.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.Backoff;
import io.taskq.ConfigException;
import io.taskq.DeadLetterPolicy;
import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import io.taskq.RateLimit;
import io.taskq.RetryPolicy;
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
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a configuration tree into records, checking every key: unknown keys, wrong types and
 * out-of-range values fail with one line naming the source, the key path and the bad value.
 */
public final class ConfigReader {
  private final ConfigValues values;
  private final RedisSectionReader redisSection;

  /**
   * @param file the file the tree came from ({@code defaults} when none)
   * @param sources key paths overridden by the environment or flags, with their source
   */
  public ConfigReader(String file, Map<String, String> sources) {
    this.values = new ConfigValues(file, sources);
    this.redisSection = new RedisSectionReader(values);
  }

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
      qs.properties().forEach(e -> queues.put(e.getKey(), queue(e.getKey(), e.getValue())));
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

  private QueueConfig queue(String name, JsonNode n) {
    String p = "queues." + name;
    if (!QueueConfig.NAME_PATTERN.matcher(name).matches() && !QueueConfig.ANY.equals(name)) {
      throw new ConfigException(values.file() + ": " + p + ": expected a queue name matching"
          + " [A-Za-z0-9._-]{1,64} (or \"*\" for any other queue), got \"" + name + "\"");
    }
    QueueConfig.Builder b = QueueConfig.builder(name);
    if (n.isNull()) {
      return b.build();
    }
    values.section(n, p);
    values.allow(n, p, "maxRetries", "backoff", "lease", "concurrency", "timeLimit",
        "maxCrashes", "dead", "retryOn", "abortOn", "resultTtl", "softTimeLimit", "rateLimit",
        "maxActive", "priorities", "prefetch", "shards");
    RetryPolicy.Builder retry = RetryPolicy.builder();
    if (n.has("maxRetries")) {
      retry.maxRetries(values.intAtLeast(n.get("maxRetries"), p + ".maxRetries", 0));
    }
    if (n.has("backoff")) {
      retry.backoff(backoff(n.get("backoff"), p + ".backoff"));
    }
    RetryPolicy policy = new RetryPolicy(retry.build().maxRetries(), retry.build().backoff(),
        classes(n.get("retryOn"), p + ".retryOn"), classes(n.get("abortOn"), p + ".abortOn"));
    b.retry(policy);
    if (n.has("lease")) {
      Duration lease = values.duration(n.get("lease"), p + ".lease");
      values.check(lease.compareTo(QueueConfig.MIN_LEASE) >= 0, n.get("lease").asText(),
          p + ".lease", "a duration of at least " + QueueConfig.MIN_LEASE.toMillis() + "ms");
      b.lease(lease);
    }
    if (n.has("concurrency")) {
      b.concurrency(values.intAtLeast(n.get("concurrency"), p + ".concurrency", 1));
    }
    if (n.has("prefetch")) {
      b.prefetch(values.intAtLeast(n.get("prefetch"), p + ".prefetch", 0));
    }
    Duration timeLimit = QueueConfig.DEFAULT_TIME_LIMIT;
    String timeLimitText = QueueConfig.DEFAULT_TIME_LIMIT.toMinutes() + "m, the default";
    if (n.has("timeLimit")) {
      timeLimitText = n.get("timeLimit").asText();
      timeLimit = values.positiveDuration(n.get("timeLimit"), p + ".timeLimit");
      b.timeLimit(timeLimit);
    }
    if (n.has("maxCrashes")) {
      b.maxCrashes(values.intAtLeast(n.get("maxCrashes"), p + ".maxCrashes", 0));
    }
    if (n.has("dead")) {
      b.dead(dead(n.get("dead"), p + ".dead"));
    }
    if (n.has("resultTtl")) {
      b.resultTtl(values.duration(n.get("resultTtl"), p + ".resultTtl"));
    }
    if (n.hasNonNull("softTimeLimit")) {
      Duration soft = values.positiveDuration(n.get("softTimeLimit"), p + ".softTimeLimit");
      values.check(soft.compareTo(timeLimit) < 0, n.get("softTimeLimit").asText(),
          p + ".softTimeLimit", "a duration below timeLimit (" + timeLimitText + ")");
      b.softTimeLimit(soft);
    }
    if (n.hasNonNull("rateLimit")) {
      b.rateLimit(rateLimit(n.get("rateLimit"), p + ".rateLimit"));
    }
    if (n.has("maxActive")) {
      b.maxActive(values.intAtLeast(n.get("maxActive"), p + ".maxActive", 0));
    }
    if (n.has("shards")) {
      int shards = values.intAtLeast(n.get("shards"), p + ".shards", 1);
      values.check(shards <= QueueShards.MAX_SHARDS, n.get("shards").asText(), p + ".shards",
          "an integer from 1 to " + QueueShards.MAX_SHARDS);
      b.shards(shards);
    }
    if (n.has("priorities")) {
      int levels = values.intAtLeast(n.get("priorities"), p + ".priorities", 0);
      values.check(levels <= QueueConfig.MAX_PRIORITIES, n.get("priorities").asText(),
          p + ".priorities", "an integer from 0 to " + QueueConfig.MAX_PRIORITIES);
      b.priorities(levels);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw values.error(p, String.valueOf(e.getMessage()));
    }
  }

  /** {@code 100/s}, or {@code {rate: 100/s, burst: 20}}. */
  private RateLimit rateLimit(JsonNode n, String p) {
    String expected = "a rate such as 100/s, 30/m or 500/h";
    if (n.isObject()) {
      values.allow(n, p, "rate", "burst");
      if (!n.hasNonNull("rate")) {
        throw new ConfigException(values.source(p) + ": " + p + ".rate: expected " + expected
            + ", got nothing");
      }
      RateLimit r = values.value(n.get("rate"), p + ".rate", expected,
          x -> RateLimit.parse(values.text(x, p + ".rate")));
      return n.has("burst") ? r.withBurst(values.intAtLeast(n.get("burst"), p + ".burst", 1))
          : r;
    }
    if (!n.isTextual()) {
      throw values.fail(p, expected, n);
    }
    return values.value(n, p, expected, x -> RateLimit.parse(x.asText()));
  }

  private Backoff backoff(JsonNode n, String p) {
    values.section(n, p);
    values.allow(n, p, "type", "base", "factor", "max", "jitter");
    String type = n.hasNonNull("type") ? values.text(n.get("type"), p + ".type") : "exponential";
    Duration base = n.has("base") ? values.duration(n.get("base"), p + ".base")
        : Duration.ofSeconds(10);
    Backoff b;
    switch (type) {
      case "fixed" -> b = Backoff.fixed(base);
      case "exponential" -> {
        double factor = 2.0;
        if (n.has("factor")) {
          JsonNode f = n.get("factor");
          factor = values.value(f, p + ".factor", "a number >= 1", JsonNode::asDouble);
          values.check(f.isNumber() && factor >= 1.0, f.asText(), p + ".factor", "a number >= 1");
        }
        Duration max = n.has("max") ? values.duration(n.get("max"), p + ".max")
            : Backoff.DEFAULT_MAX;
        b = Backoff.exponential(base, factor, max);
      }
      default -> throw values.fail(p + ".type", "fixed or exponential", n.get("type"));
    }
    if (n.has("jitter")) {
      JsonNode j = n.get("jitter");
      values.check(j.isNumber() && j.asDouble() >= 0 && j.asDouble() <= 1, j.asText(),
          p + ".jitter", "a number between 0 and 1");
      b = Backoff.jittered(b, j.asDouble());
    }
    return b;
  }

  private DeadLetterPolicy dead(JsonNode n, String p) {
    values.section(n, p);
    values.allow(n, p, "maxSize", "maxAge");
    long size = n.has("maxSize") ? values.intAtLeast(n.get("maxSize"), p + ".maxSize", 1)
        : DeadLetterPolicy.DEFAULT_MAX_SIZE;
    Duration age = n.has("maxAge") ? values.positiveDuration(n.get("maxAge"), p + ".maxAge")
        : DeadLetterPolicy.DEFAULT_MAX_AGE;
    return new DeadLetterPolicy(size, age);
  }

  @SuppressWarnings("unchecked")
  private Set<Class<? extends Throwable>> classes(@Nullable JsonNode n, String p) {
    if (n == null || n.isNull()) {
      return Set.of();
    }
    if (!n.isArray()) {
      throw values.fail(p, "a list of exception class names", n);
    }
    Set<Class<? extends Throwable>> out = new java.util.LinkedHashSet<>();
    for (JsonNode c : n) {
      String name = values.text(c, p);
      try {
        Class<?> cls = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        if (!Throwable.class.isAssignableFrom(cls)) {
          throw values.fail(p, "exception class names", c);
        }
        out.add((Class<? extends Throwable>) cls);
      } catch (ClassNotFoundException e) {
        throw values.fail(p, "exception classes on the class path", c);
      }
    }
    return out;
  }

  /** How a non-scalar node is described in messages. */
  public static String kind(JsonNode n) {
    return ConfigValues.kind(n);
  }
}
