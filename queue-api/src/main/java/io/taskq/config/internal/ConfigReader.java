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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a configuration tree into records, checking every key: unknown keys, wrong types and
 * out-of-range values fail with one line naming the source, the key path and the bad value.
 */
public final class ConfigReader {
  private static final Set<String> SECRET_KEYS = Set.of("redis.password", "redis.url",
      "alerts.webhook.url");

  private final String file;
  private final Map<String, String> sources;

  /**
   * @param file the file the tree came from ({@code defaults} when none)
   * @param sources key paths overridden by the environment or flags, with their source
   */
  public ConfigReader(String file, Map<String, String> sources) {
    this.file = file;
    this.sources = sources;
  }

  public TaskqConfig read(JsonNode root) {
    allow(root, "", "redis", "worker", "queues", "maxPayload", "maxResult", "alerts",
        "events");
    RedisConfig redis = redis(root.path("redis"));
    WorkerConfig worker = worker(root.path("worker"));
    int maxPayload = size(root, "maxPayload", TaskqConfig.DEFAULT_MAX_PAYLOAD);
    int maxResult = size(root, "maxResult", TaskqConfig.DEFAULT_MAX_RESULT);
    Map<String, QueueConfig> queues = new LinkedHashMap<>();
    JsonNode qs = root.path("queues");
    if (!qs.isMissingNode() && !qs.isNull()) {
      if (!qs.isObject()) {
        throw fail("queues", "a mapping of queue names to policies", qs);
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
    long bytes = value(root.get(key), key, "a size such as 1MB", n -> Units.bytes(n.asText()));
    return (int) (long) check(bytes >= 1 && bytes <= 512L * 1024 * 1024, bytes, key,
        "a size between 1 byte and 512MB");
  }

  private RedisConfig redis(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return RedisConfig.DEFAULT;
    }
    section(n, "redis");
    allow(n, "redis", "url", "password", "passwordFile", "commandTimeout", "connectTimeout",
        "reconnectDelayMax", "tlsCaFile", "cluster", "durableWrites");
    String url = n.hasNonNull("url") ? text(n.get("url"), "redis.url") : RedisConfig.DEFAULT_URL;
    // a URL from the environment or a flag (--redis) overrides the file's cluster seeds
    if (n.hasNonNull("cluster") && !(n.hasNonNull("url") && sources.containsKey("redis.url"))) {
      if (n.hasNonNull("url")) {
        throw new ConfigException(source("redis.cluster") + ": redis.cluster: set either"
            + " redis.url (" + source("redis.url") + ") or redis.cluster, not both");
      }
      url = clusterUrl(n.get("cluster"));
    }
    String password = n.hasNonNull("password") ? text(n.get("password"), "redis.password") : null;
    if (n.hasNonNull("passwordFile")) {
      if (password != null) {
        throw new ConfigException(source("redis.passwordFile") + ": redis.passwordFile: set"
            + " either redis.password (" + source("redis.password") + ") or redis.passwordFile,"
            + " not both");
      }
      password = passwordFile(text(n.get("passwordFile"), "redis.passwordFile"));
    }
    return new RedisConfig(url, password,
        positive(n, "redis.commandTimeout", RedisConfig.DEFAULT_COMMAND_TIMEOUT),
        positive(n, "redis.connectTimeout", RedisConfig.DEFAULT_CONNECT_TIMEOUT),
        positive(n, "redis.reconnectDelayMax", RedisConfig.DEFAULT_RECONNECT_DELAY_MAX),
        n.hasNonNull("tlsCaFile") ? text(n.get("tlsCaFile"), "redis.tlsCaFile") : null,
        n.hasNonNull("durableWrites")
            ? intAtLeast(n.get("durableWrites"), "redis.durableWrites", 0) : 0);
  }

  /** {@code redis-cluster://h1:7000,h2:7001} from a list of {@code host:port} seeds. */
  private String clusterUrl(JsonNode seeds) {
    String p = "redis.cluster";
    if (!seeds.isArray() || seeds.isEmpty()) {
      throw fail(p, "a list of host:port seeds such as [10.0.0.1:7000, 10.0.0.2:7000]", seeds);
    }
    StringBuilder url = new StringBuilder("redis-cluster://");
    for (int i = 0; i < seeds.size(); i++) {
      String seed = text(seeds.get(i), p + "[" + i + "]").trim();
      if (!seed.matches("[^\\s,/@]+:\\d{1,5}")) {
        throw fail(p + "[" + i + "]", "host:port", seeds.get(i));
      }
      url.append(i == 0 ? "" : ",").append(seed);
    }
    return url.toString();
  }

  /** The password in {@code file}: its text without the trailing line break. */
  private String passwordFile(String file) {
    String p = "redis.passwordFile";
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (IOException | InvalidPathException e) {
      throw new ConfigException(source(p) + ": " + p + ": cannot read the password file " + file
          + " (" + (e instanceof NoSuchFileException ? "no such file" : e.getClass()
              .getSimpleName()) + ")");
    }
    String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (password.isEmpty()) {
      throw new ConfigException(source(p) + ": " + p + ": the password file " + file
          + " is empty");
    }
    return password;
  }

  private AlertsConfig alerts(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return AlertsConfig.OFF;
    }
    section(n, "alerts");
    allow(n, "alerts", "webhook", "minInterval", "dlqThreshold", "lagThreshold");
    URI webhook = null;
    JsonNode w = n.path("webhook");
    if (!w.isMissingNode() && !w.isNull()) {
      section(w, "alerts.webhook");
      allow(w, "alerts.webhook", "url");
      String url = text(w.path("url"), "alerts.webhook.url");
      try {
        webhook = URI.create(url);
        if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())) {
          throw new IllegalArgumentException("not http(s)");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(source("alerts.webhook.url")
            + ": alerts.webhook.url: expected an http:// or https:// URL");
      }
    }
    Duration interval = n.hasNonNull("minInterval")
        ? positiveDuration(n.get("minInterval"), "alerts.minInterval")
        : AlertsConfig.DEFAULT_MIN_INTERVAL;
    long dlq = n.has("dlqThreshold") ? intAtLeast(n.get("dlqThreshold"), "alerts.dlqThreshold", 0)
        : 0;
    Duration lag = n.hasNonNull("lagThreshold")
        ? positiveDuration(n.get("lagThreshold"), "alerts.lagThreshold") : null;
    return new AlertsConfig(webhook, interval, dlq, lag);
  }

  private EventsConfig events(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return EventsConfig.OFF;
    }
    section(n, "events");
    allow(n, "events", "enabled", "maxLen");
    boolean enabled = n.hasNonNull("enabled") && bool(n.get("enabled"), "events.enabled");
    long maxLen = EventsConfig.DEFAULT_MAX_LEN;
    if (n.hasNonNull("maxLen")) {
      maxLen = intAtLeast(n.get("maxLen"), "events.maxLen", 1);
      check(maxLen <= EventsConfig.MAX_MAX_LEN, maxLen, "events.maxLen",
          "an integer between 1 and " + EventsConfig.MAX_MAX_LEN);
    }
    return new EventsConfig(enabled, maxLen);
  }

  private WorkerConfig worker(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return WorkerConfig.DEFAULT;
    }
    section(n, "worker");
    allow(n, "worker", "shutdownGrace", "logOutcomes");
    Duration grace = n.hasNonNull("shutdownGrace")
        ? duration(n.get("shutdownGrace"), "worker.shutdownGrace")
        : WorkerConfig.DEFAULT_SHUTDOWN_GRACE;
    boolean log = !n.hasNonNull("logOutcomes")
        || bool(n.get("logOutcomes"), "worker.logOutcomes");
    return new WorkerConfig(grace, log);
  }

  private QueueConfig queue(String name, JsonNode n) {
    String p = "queues." + name;
    if (!QueueConfig.NAME_PATTERN.matcher(name).matches() && !QueueConfig.ANY.equals(name)) {
      throw new ConfigException(file + ": " + p + ": expected a queue name matching"
          + " [A-Za-z0-9._-]{1,64} (or \"*\" for any other queue), got \"" + name + "\"");
    }
    QueueConfig.Builder b = QueueConfig.builder(name);
    if (n.isNull()) {
      return b.build();
    }
    section(n, p);
    allow(n, p, "maxRetries", "backoff", "lease", "concurrency", "timeLimit", "maxCrashes",
        "dead", "retryOn", "abortOn", "resultTtl", "softTimeLimit", "rateLimit", "maxActive",
        "priorities", "prefetch", "shards");
    RetryPolicy.Builder retry = RetryPolicy.builder();
    if (n.has("maxRetries")) {
      retry.maxRetries(intAtLeast(n.get("maxRetries"), p + ".maxRetries", 0));
    }
    if (n.has("backoff")) {
      retry.backoff(backoff(n.get("backoff"), p + ".backoff"));
    }
    RetryPolicy policy = new RetryPolicy(retry.build().maxRetries(), retry.build().backoff(),
        classes(n.get("retryOn"), p + ".retryOn"), classes(n.get("abortOn"), p + ".abortOn"));
    b.retry(policy);
    if (n.has("lease")) {
      Duration lease = duration(n.get("lease"), p + ".lease");
      check(lease.compareTo(QueueConfig.MIN_LEASE) >= 0, n.get("lease").asText(), p + ".lease",
          "a duration of at least " + QueueConfig.MIN_LEASE.toMillis() + "ms");
      b.lease(lease);
    }
    if (n.has("concurrency")) {
      b.concurrency(intAtLeast(n.get("concurrency"), p + ".concurrency", 1));
    }
    if (n.has("prefetch")) {
      b.prefetch(intAtLeast(n.get("prefetch"), p + ".prefetch", 0));
    }
    Duration timeLimit = QueueConfig.DEFAULT_TIME_LIMIT;
    String timeLimitText = QueueConfig.DEFAULT_TIME_LIMIT.toMinutes() + "m, the default";
    if (n.has("timeLimit")) {
      timeLimitText = n.get("timeLimit").asText();
      timeLimit = positiveDuration(n.get("timeLimit"), p + ".timeLimit");
      b.timeLimit(timeLimit);
    }
    if (n.has("maxCrashes")) {
      b.maxCrashes(intAtLeast(n.get("maxCrashes"), p + ".maxCrashes", 0));
    }
    if (n.has("dead")) {
      b.dead(dead(n.get("dead"), p + ".dead"));
    }
    if (n.has("resultTtl")) {
      b.resultTtl(duration(n.get("resultTtl"), p + ".resultTtl"));
    }
    if (n.hasNonNull("softTimeLimit")) {
      Duration soft = positiveDuration(n.get("softTimeLimit"), p + ".softTimeLimit");
      check(soft.compareTo(timeLimit) < 0, n.get("softTimeLimit").asText(), p + ".softTimeLimit",
          "a duration below timeLimit (" + timeLimitText + ")");
      b.softTimeLimit(soft);
    }
    if (n.hasNonNull("rateLimit")) {
      b.rateLimit(rateLimit(n.get("rateLimit"), p + ".rateLimit"));
    }
    if (n.has("maxActive")) {
      b.maxActive(intAtLeast(n.get("maxActive"), p + ".maxActive", 0));
    }
    if (n.has("shards")) {
      int shards = intAtLeast(n.get("shards"), p + ".shards", 1);
      check(shards <= QueueShards.MAX_SHARDS, n.get("shards").asText(), p + ".shards",
          "an integer from 1 to " + QueueShards.MAX_SHARDS);
      b.shards(shards);
    }
    if (n.has("priorities")) {
      int levels = intAtLeast(n.get("priorities"), p + ".priorities", 0);
      check(levels <= QueueConfig.MAX_PRIORITIES, n.get("priorities").asText(),
          p + ".priorities", "an integer from 0 to " + QueueConfig.MAX_PRIORITIES);
      b.priorities(levels);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source(p) + ": " + p + ": " + e.getMessage());
    }
  }

  /** {@code 100/s}, or {@code {rate: 100/s, burst: 20}}. */
  private RateLimit rateLimit(JsonNode n, String p) {
    String expected = "a rate such as 100/s, 30/m or 500/h";
    if (n.isObject()) {
      allow(n, p, "rate", "burst");
      if (!n.hasNonNull("rate")) {
        throw new ConfigException(source(p) + ": " + p + ".rate: expected " + expected
            + ", got nothing");
      }
      RateLimit r = value(n.get("rate"), p + ".rate", expected,
          x -> RateLimit.parse(text(x, p + ".rate")));
      return n.has("burst") ? r.withBurst(intAtLeast(n.get("burst"), p + ".burst", 1)) : r;
    }
    if (!n.isTextual()) {
      throw fail(p, expected, n);
    }
    return value(n, p, expected, x -> RateLimit.parse(x.asText()));
  }

  private Backoff backoff(JsonNode n, String p) {
    section(n, p);
    allow(n, p, "type", "base", "factor", "max", "jitter");
    String type = n.hasNonNull("type") ? text(n.get("type"), p + ".type") : "exponential";
    Duration base = n.has("base") ? duration(n.get("base"), p + ".base") : Duration.ofSeconds(10);
    Backoff b;
    switch (type) {
      case "fixed" -> b = Backoff.fixed(base);
      case "exponential" -> {
        double factor = 2.0;
        if (n.has("factor")) {
          JsonNode f = n.get("factor");
          factor = value(f, p + ".factor", "a number >= 1", JsonNode::asDouble);
          check(f.isNumber() && factor >= 1.0, f.asText(), p + ".factor", "a number >= 1");
        }
        Duration max = n.has("max") ? duration(n.get("max"), p + ".max") : Backoff.DEFAULT_MAX;
        b = Backoff.exponential(base, factor, max);
      }
      default -> throw fail(p + ".type", "fixed or exponential", n.get("type"));
    }
    if (n.has("jitter")) {
      JsonNode j = n.get("jitter");
      check(j.isNumber() && j.asDouble() >= 0 && j.asDouble() <= 1, j.asText(), p + ".jitter",
          "a number between 0 and 1");
      b = Backoff.jittered(b, j.asDouble());
    }
    return b;
  }

  private DeadLetterPolicy dead(JsonNode n, String p) {
    section(n, p);
    allow(n, p, "maxSize", "maxAge");
    long size = n.has("maxSize") ? intAtLeast(n.get("maxSize"), p + ".maxSize", 1)
        : DeadLetterPolicy.DEFAULT_MAX_SIZE;
    Duration age = n.has("maxAge") ? positiveDuration(n.get("maxAge"), p + ".maxAge")
        : DeadLetterPolicy.DEFAULT_MAX_AGE;
    return new DeadLetterPolicy(size, age);
  }

  @SuppressWarnings("unchecked")
  private Set<Class<? extends Throwable>> classes(@Nullable JsonNode n, String p) {
    if (n == null || n.isNull()) {
      return Set.of();
    }
    if (!n.isArray()) {
      throw fail(p, "a list of exception class names", n);
    }
    Set<Class<? extends Throwable>> out = new java.util.LinkedHashSet<>();
    for (JsonNode c : n) {
      String name = text(c, p);
      try {
        Class<?> cls = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        if (!Throwable.class.isAssignableFrom(cls)) {
          throw fail(p, "exception class names", c);
        }
        out.add((Class<? extends Throwable>) cls);
      } catch (ClassNotFoundException e) {
        throw fail(p, "exception classes on the class path", c);
      }
    }
    return out;
  }

  private void section(JsonNode n, String p) {
    if (!n.isObject()) {
      throw fail(p, "a mapping", n);
    }
  }

  private void allow(JsonNode n, String p, String... keys) {
    List<String> allowed = List.of(keys);
    n.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        throw new ConfigException(file + ": " + (p.isEmpty() ? "" : p + ".") + k
            + ": unknown key; expected one of " + String.join(", ", allowed));
      }
    });
  }

  private Duration positive(JsonNode section, String p, Duration dflt) {
    String key = p.substring(p.lastIndexOf('.') + 1);
    return section.hasNonNull(key) ? positiveDuration(section.get(key), p) : dflt;
  }

  private Duration positiveDuration(JsonNode n, String p) {
    Duration d = duration(n, p);
    check(!d.isZero(), n.asText(), p, "a duration greater than zero");
    return d;
  }

  private Duration duration(JsonNode n, String p) {
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

  private int intAtLeast(JsonNode n, String p, int min) {
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

  private boolean bool(JsonNode n, String p) {
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    String t = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    throw fail(p, "true or false", n);
  }

  private String text(JsonNode n, String p) {
    if (!n.isValueNode() || n.asText().isBlank()) {
      throw fail(p, "a non-empty string", n);
    }
    return n.asText();
  }

  private <T> T value(JsonNode n, String p, String expected, Function<JsonNode, T> parse) {
    try {
      return parse.apply(n);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source(p) + ": " + p + ": "
          + (expected.isEmpty() ? e.getMessage() : "expected " + expected + ", got "
          + shown(p, n.asText())));
    }
  }

  private <T> T check(boolean ok, T value, String p, String expected) {
    if (!ok) {
      throw new ConfigException(source(p) + ": " + p + ": expected " + expected + ", got "
          + shown(p, String.valueOf(value)));
    }
    return value;
  }

  private ConfigException fail(String p, String expected, JsonNode got) {
    String shown = got.isValueNode() ? shown(p, got.asText()) : kind(got);
    return new ConfigException(source(p) + ": " + p + ": expected " + expected + ", got " + shown);
  }

  private String source(String p) {
    return sources.getOrDefault(p, file);
  }

  private static String shown(String p, String value) {
    return SECRET_KEYS.contains(p) ? "a value that is not shown" : "\"" + value + "\"";
  }

  /** How a non-scalar node is described in messages. */
  public static String kind(JsonNode n) {
    return n.isArray() ? "a list" : n.isObject() ? "a mapping" : n.isNull() ? "nothing"
        : "\"" + n.asText() + "\"";
  }
}
