package io.taskq.spi;

import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import java.util.ServiceLoader;

/**
 * Creates a {@link Broker} for a URL. Broker modules register an implementation with
 * {@link ServiceLoader} ({@code META-INF/services/io.taskq.spi.BrokerFactory}), so tools such as
 * the CLI open a broker without compile-time knowledge of Redis. The URL {@code memory://} always
 * opens the in-memory {@code io.taskq.embedded.EmbeddedBroker} (one process only).
 */
public interface BrokerFactory {

  /** URL that opens the in-memory broker. */
  String MEMORY_URL = "memory://";

  /** URL schemes of the Redis broker, which lives in the module {@code queue-broker-redis}. */
  java.util.List<String> REDIS_SCHEMES = java.util.List.of("redis://", "rediss://",
      "redis-sentinel://", "rediss-sentinel://", "redis-cluster://", "rediss-cluster://");

  /** Whether this factory handles the URL (by its scheme). */
  boolean supports(String url);

  /**
   * Opens a broker. Authentication and configuration errors are thrown as {@link ConfigException}
   * with one line that never shows the password; an unreachable server as
   * {@link io.taskq.BrokerUnavailableException}.
   */
  Broker create(RedisConfig config);

  /**
   * Opens a broker for {@code config.url()} with the first registered factory that supports it.
   *
   * @throws ConfigException when no factory supports the URL
   */
  static Broker open(RedisConfig config) {
    if (config.url().startsWith(MEMORY_URL)) {
      return new io.taskq.embedded.EmbeddedBroker();
    }
    for (BrokerFactory f : ServiceLoader.load(BrokerFactory.class)) {
      if (f.supports(config.url())) {
        return f.create(config);
      }
    }
    throw new ConfigException(unsupported(config.redactedUrl()));
  }

  /** Why no factory opened {@code url}: a missing broker module, or a scheme nobody supports. */
  static String unsupported(String url) {
    for (String scheme : REDIS_SCHEMES) {
      if (url.startsWith(scheme)) {
        return "no broker for " + url + " on the class path: add the dependency"
            + " io.taskq:queue-broker-redis to the application";
      }
    }
    return "no broker supports the URL " + url
        + " (expected redis://, rediss://, redis-sentinel://, rediss-sentinel://,"
        + " redis-cluster://, rediss-cluster:// or memory://)";
  }
}
