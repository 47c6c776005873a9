package io.taskq.spring.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.config.TaskqConfig;
import io.taskq.config.internal.ConfigReader;
import io.taskq.spring.autoconfigure.QueueProperties;
import io.taskq.spring.autoconfigure.TaskqProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code taskq.*} properties into a {@link TaskqConfig} through the reader of
 * {@code taskq.yaml}: the properties become the tree the file would give, so every value is
 * checked with the same rules and messages (they name {@code taskq.*} as the source).
 */
public final class PropertiesConfig {
  /** The source named in configuration errors. */
  public static final String SOURCE = "Spring properties taskq.*";

  private PropertiesConfig() {}

  /**
   * The configuration of these properties.
   *
   * @throws io.taskq.ConfigException one line naming the key and the bad value
   */
  public static TaskqConfig toConfig(TaskqProperties p) {
    return new ConfigReader(SOURCE, Map.of()).read(tree(p));
  }

  /** The properties as the tree of a {@code taskq.yaml} (camelCase keys). */
  static ObjectNode tree(TaskqProperties p) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    TaskqProperties.Redis r = p.getRedis();
    ObjectNode redis = root.putObject("redis");
    redis.put("url", r.getUrl());
    putIfSet(redis, "password", r.getPassword());
    putIfSet(redis, "passwordFile", r.getPasswordFile());
    putIfSet(redis, "commandTimeout", r.getCommandTimeout());
    putIfSet(redis, "connectTimeout", r.getConnectTimeout());
    putIfSet(redis, "reconnectDelayMax", r.getReconnectDelayMax());
    putIfSet(redis, "tlsCaFile", r.getTlsCaFile());

    ObjectNode worker = root.putObject("worker");
    putIfSet(worker, "shutdownGrace", p.getWorker().getShutdownGrace());
    worker.put("logOutcomes", p.getWorker().isLogOutcomes());
    root.put("maxPayload", Long.toString(p.getMaxPayload().toBytes()));
    root.put("maxResult", Long.toString(p.getMaxResult().toBytes()));

    TaskqProperties.Alerts a = p.getAlerts();
    String webhook = a.getWebhook().getUrl();
    if (webhook != null) {
      ObjectNode alerts = root.putObject("alerts");
      alerts.putObject("webhook").put("url", webhook);
      putIfSet(alerts, "minInterval", a.getMinInterval());
      alerts.put("dlqThreshold", a.getDlqThreshold());
      putIfSet(alerts, "lagThreshold", a.getLagThreshold());
    }

    ObjectNode queues = root.putObject("queues");
    p.getQueues().forEach((name, q) -> queues.set(name, queue(q)));
    return root;
  }

  private static ObjectNode queue(QueueProperties q) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    putIfSet(n, "maxRetries", q.getMaxRetries());
    QueueProperties.BackoffProperties b = q.getBackoff();
    if (b != null) {
      ObjectNode backoff = n.putObject("backoff");
      putIfSet(backoff, "type", b.getType());
      putIfSet(backoff, "base", b.getBase());
      putIfSet(backoff, "factor", b.getFactor());
      putIfSet(backoff, "max", b.getMax());
      putIfSet(backoff, "jitter", b.getJitter());
    }
    putIfSet(n, "lease", q.getLease());
    putIfSet(n, "concurrency", q.getConcurrency());
    putIfSet(n, "prefetch", q.getPrefetch());
    putIfSet(n, "timeLimit", q.getTimeLimit());
    putIfSet(n, "softTimeLimit", q.getSoftTimeLimit());
    putIfSet(n, "maxCrashes", q.getMaxCrashes());
    QueueProperties.DeadProperties d = q.getDead();
    if (d != null) {
      ObjectNode dead = n.putObject("dead");
      putIfSet(dead, "maxSize", d.getMaxSize());
      putIfSet(dead, "maxAge", d.getMaxAge());
    }
    putIfSet(n, "resultTtl", q.getResultTtl());
    putIfSet(n, "retryOn", q.getRetryOn());
    putIfSet(n, "abortOn", q.getAbortOn());
    putIfSet(n, "priorities", q.getPriorities());
    if (q.getRateLimit() != null) {
      ObjectNode rate = n.putObject("rateLimit");
      rate.put("rate", q.getRateLimit());
      putIfSet(rate, "burst", q.getRateLimitBurst());
    }
    putIfSet(n, "maxActive", q.getMaxActive());
    putIfSet(n, "shards", q.getShards());
    return n;
  }

  private static void putIfSet(ObjectNode n, String key, @Nullable Object value) {
    switch (value) {
      case null -> { }
      case Duration d when d.isZero() -> n.put(key, 0); // the file's way of writing "none"
      case Duration d -> n.put(key, d.toString()); // ISO-8601, read by Units.duration
      case Integer i -> n.put(key, i);
      case Long l -> n.put(key, l);
      case Double x -> n.put(key, x);
      case List<?> list -> {
        ArrayNode array = n.putArray(key);
        list.forEach(e -> array.add(String.valueOf(e)));
      }
      default -> n.put(key, value.toString());
    }
  }
}
