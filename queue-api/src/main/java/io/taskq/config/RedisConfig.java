package io.taskq.config;

import io.taskq.internal.RedisUris;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis.
 *
 * @param url {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS);
 *     {@code redis-sentinel://[user:password@]h1:26379,h2:26379/mymaster}
 *     ({@code rediss-sentinel://} for TLS); or {@code redis-cluster://[user:password@]h1:7000,h2:7001},
 *     a seed list of a Redis Cluster ({@code rediss-cluster://} for TLS)
 * @param password password when the URL has none ({@code TASKQ_REDIS_PASSWORD}); never logged
 * @param commandTimeout longest a command may wait for its answer (default 5 s)
 * @param connectTimeout longest a connection attempt may take (default 3 s)
 * @param reconnectDelayMax cap of the reconnect backoff (default 2 s)
 * @param tlsCaFile PEM file of the CA that signed the server's certificate, for {@code rediss://}
 *     with a private CA; null trusts the JVM's default CAs
 * @param durableWrites replicas that must have every submit before it returns (Redis
 *     {@code WAIT}); 0 (the default) returns once the primary has it
 */
public record RedisConfig(
    String url,
    @Nullable String password,
    Duration commandTimeout,
    Duration connectTimeout,
    Duration reconnectDelayMax,
    @Nullable String tlsCaFile,
    int durableWrites) {

  public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_RECONNECT_DELAY_MAX = Duration.ofSeconds(2);
  public static final RedisConfig DEFAULT = new RedisConfig(DEFAULT_URL, null,
      DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RECONNECT_DELAY_MAX, null, 0);

  public RedisConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(reconnectDelayMax, "reconnectDelayMax");
    if (durableWrites < 0) {
      throw new IllegalArgumentException("durableWrites must be >= 0, got " + durableWrites);
    }
  }

  /** A configuration with no durable-writes wait. */
  public RedisConfig(String url, @Nullable String password, Duration commandTimeout,
      Duration connectTimeout, Duration reconnectDelayMax, @Nullable String tlsCaFile) {
    this(url, password, commandTimeout, connectTimeout, reconnectDelayMax, tlsCaFile, 0);
  }

  /** A configuration trusting the JVM's default CAs. */
  public RedisConfig(String url, @Nullable String password, Duration commandTimeout,
      Duration connectTimeout, Duration reconnectDelayMax) {
    this(url, password, commandTimeout, connectTimeout, reconnectDelayMax, null, 0);
  }

  /** This configuration with another URL. */
  public RedisConfig withUrl(String url) {
    return new RedisConfig(url, password, commandTimeout, connectTimeout, reconnectDelayMax,
        tlsCaFile, durableWrites);
  }

  /** This configuration waiting for {@code replicas} replicas on every submit. */
  public RedisConfig withDurableWrites(int replicas) {
    return new RedisConfig(url, password, commandTimeout, connectTimeout, reconnectDelayMax,
        tlsCaFile, replicas);
  }

  /** This configuration with other command and connect timeouts. */
  public RedisConfig withTimeouts(Duration command, Duration connect) {
    return new RedisConfig(url, password, command, connect, reconnectDelayMax, tlsCaFile,
        durableWrites);
  }

  /** The URL with any password replaced by {@code ***}, for messages and logs. */
  public String redactedUrl() {
    return redact(url);
  }

  /**
   * {@code url} with the password of its user-info replaced by {@code ***}, in every form Lettuce
   * accepts ({@code redis://user:pw@host}, {@code redis://:pw@host}, {@code redis://pw@host}); the
   * user-info ends at the last {@code '@'}, so passwords holding {@code '@'} or {@code '/'} are
   * hidden whole. Hosts and ports stay.
   */
  public static String redact(String url) {
    return RedisUris.redact(url);
  }

  @Override
  public String toString() {
    return "RedisConfig[url=" + redactedUrl() + ", password=" + (password == null ? "none" : "***")
        + ", commandTimeout=" + commandTimeout + ", durableWrites=" + durableWrites + "]";
  }
}
