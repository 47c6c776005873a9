package io.taskq.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.internal.RedisUris;
import java.io.File;

/**
 * Lettuce clients configured from a {@link RedisConfig}: URL, password, timeouts and TLS trust.
 * The broker and anything else that talks to the same Redis (task code, tools) build their
 * clients here, so a {@code rediss://} server with a private CA works for all of them.
 */
public final class RedisClients {
  private RedisClients() {}

  /**
   * A client for {@code config}; the caller shuts it down.
   *
   * @throws ConfigException on a malformed URL or an unreadable CA file
   */
  public static RedisClient create(RedisConfig config) {
    RedisClient client = RedisClient.create(uri(config));
    client.setOptions(options(config).build());
    return client;
  }

  /** The URI of {@code config}, with the configured password when the URL has none. */
  public static RedisURI uri(RedisConfig config) {
    checkUserInfo(config);
    RedisURI uri;
    try {
      uri = RedisURI.create(config.url());
    } catch (RuntimeException e) {
      throw new ConfigException("redis.url: expected redis://[user:password@]host:port[/db] or"
          + " rediss://..., got " + config.redactedUrl());
    }
    if (config.password() != null && !RedisUris.hasPassword(config.url())) {
      uri.setAuthentication(config.password().toCharArray());
    }
    uri.setTimeout(config.commandTimeout());
    return uri;
  }

  /**
   * Refuses a user-info holding a character that ends it in a URL ({@code #}, {@code ?},
   * {@code /}): Lettuce would read part of the password as the host or port and quote it in its
   * connection error.
   */
  private static void checkUserInfo(RedisConfig config) {
    String url = config.url();
    int start = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (start < 0 || at < start) {
      return;
    }
    String userInfo = url.substring(start + 3, at);
    if (userInfo.chars().anyMatch(c -> c == '#' || c == '?' || c == '/')) {
      throw new ConfigException("redis.url: the password holds '#', '?' or '/', which end it in a"
          + " URL: percent-encode them (%23, %3F, %2F) or set the password with"
          + " TASKQ_REDIS_PASSWORD, redis.password or redis.passwordFile; got "
          + config.redactedUrl());
    }
  }

  /** Client options with the configured timeouts and TLS trust. */
  public static ClientOptions.Builder options(RedisConfig config) {
    return ClientOptions.builder()
        .sslOptions(sslOptions(config))
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).build());
  }

  /** TLS trusting {@link RedisConfig#tlsCaFile()} when given, else the JVM's default CAs. */
  private static SslOptions sslOptions(RedisConfig config) {
    if (config.tlsCaFile() == null) {
      return SslOptions.create();
    }
    File ca = new File(config.tlsCaFile());
    if (!ca.canRead()) {
      throw new ConfigException("redis.tlsCaFile: cannot read " + ca);
    }
    return SslOptions.builder().jdkSslProvider().trustManager(ca).build();
  }
}
