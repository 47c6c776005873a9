package io.taskq.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.Backoff;
import io.taskq.ConfigException;
import io.taskq.DeadLetterPolicy;
import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import io.taskq.RateLimit;
import io.taskq.RetryPolicy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads one entry of the {@code queues} section into a {@link QueueConfig}: its retry policy
 * (maxRetries, backoff, retryOn/abortOn exception classes), lease, concurrency and prefetch, time
 * limits (softTimeLimit below timeLimit), dead-letter bounds, result TTL, rate limit, maxActive,
 * shards and priorities. What {@link QueueConfig.Builder} rejects beyond these checks fails with
 * its message under the queue's key path.
 */
final class QueueSectionReader {
  private final ConfigValues values;

  QueueSectionReader(ConfigValues values) {
    this.values = values;
  }

  /**
   * The policy of queue {@code name} ({@link QueueConfig#ANY} for the wildcard entry); a queue
   * without settings ({@code email:} alone) has the defaults.
   */
  QueueConfig read(String name, JsonNode n) {
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
    Set<Class<? extends Throwable>> out = new LinkedHashSet<>();
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
}
