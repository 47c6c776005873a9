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
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce clients configured from a {@link RedisConfig}: URL, password, timeouts and TLS trust.
 * The broker and anything else that talks to the same Redis (task code, tools) build their
 * clients here, so a {@code rediss://} server with a private CA works for all of them.
 *
 * <p>The URL's scheme picks the {@link Mode}: {@code redis://} and {@code rediss://} one server;
 * {@code redis-sentinel://[user:password@]h1:26379,h2:26379/mymaster} (or {@code rediss-sentinel})
 * the primary Sentinel names; {@code redis-cluster://[user:password@]h1:7000,h2:7001} (or
 * {@code rediss-cluster}) the seeds of a Redis Cluster.
 */
public final class RedisClients {
  /** What the URL points at. */
  public enum Mode {
    /** One server ({@code redis://}, {@code rediss://}, {@code redis-socket://}). */
    STANDALONE,
    /** The primary that Sentinel names; reconnects follow a failover. */
    SENTINEL,
    /** A Redis Cluster, reached through its seeds. */
    CLUSTER
  }

  private static final String SCHEMES = "redis://, rediss://, redis-sentinel://,"
      + " rediss-sentinel://, redis-cluster:// or rediss-cluster://";

  private RedisClients() {}

  /**
   * The mode the URL's scheme names.
   *
   * @throws ConfigException on an unknown scheme (one line, no password)
   */
  public static Mode mode(RedisConfig config) {
    String url = config.url();
    int end = url.indexOf("://");
    String scheme = end < 0 ? "" : url.substring(0, end).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "redis", "rediss", "redis-socket" -> Mode.STANDALONE;
      case "redis-sentinel", "rediss-sentinel" -> Mode.SENTINEL;
      case "redis-cluster", "rediss-cluster" -> Mode.CLUSTER;
      default -> throw new ConfigException("redis.url: " + (scheme.isEmpty() ? "no scheme"
          : "unknown scheme " + scheme + "://") + " in " + config.redactedUrl() + "; expected "
          + SCHEMES);
    };
  }

  /**
   * The seeds of a {@code redis-cluster://} URL, each with the URL's credentials (or the
   * configured password), TLS and command timeout.
   *
   * @throws ConfigException on a malformed seed or a seed host that does not resolve
   */
  public static List<RedisURI> clusterSeeds(RedisConfig config) {
    Parts p = parts(config);
    List<RedisURI> seeds = new ArrayList<>();
    for (String hostPort : p.hosts()) {
      RedisURI.Builder b = RedisURI.builder();
      HostPort hp = hostPort(config, hostPort, 6379);
      b.withHost(hp.host()).withPort(hp.port()).withSsl(p.tls())
          .withTimeout(config.commandTimeout());
      credentials(config, p, b);
      seeds.add(b.build());
    }
    return seeds;
  }

  /** A {@code redis-sentinel://h1:26379,h2:26379/mymaster} URL; Lettuce's own form otherwise. */
  private static RedisURI sentinelUri(RedisConfig config) {
    if (config.url().contains("#")) {
      return RedisURI.create(config.url()); // Lettuce's redis-sentinel://h1,h2/0#mymaster
    }
    Parts p = parts(config);
    String master = p.path() == null ? "" : p.path();
    if (master.isEmpty() || master.chars().allMatch(Character::isDigit)) {
      throw new ConfigException("redis.url: a Sentinel URL names its primary after the hosts,"
          + " as in redis-sentinel://h1:26379,h2:26379/mymaster; got " + config.redactedUrl());
    }
    RedisURI.Builder b = null;
    for (String hostPort : p.hosts()) {
      HostPort hp = hostPort(config, hostPort, 26379);
      b = b == null ? RedisURI.Builder.sentinel(hp.host(), hp.port(), master)
          : b.withSentinel(hp.host(), hp.port());
    }
    if (b == null) {
      throw new ConfigException("redis.url: no Sentinel host in " + config.redactedUrl());
    }
    b.withSsl(p.tls()).withTimeout(config.commandTimeout());
    credentials(config, p, b);
    return b.build();
  }

  private static void credentials(RedisConfig config, Parts p, RedisURI.Builder b) {
    String info = p.userInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String user = colon < 0 ? null : decode(info.substring(0, colon));
      String password = decode(colon < 0 ? info : info.substring(colon + 1));
      if (user == null || user.isEmpty()) {
        b.withPassword(password.toCharArray());
      } else {
        b.withAuthentication(user, password.toCharArray());
      }
    } else if (config.password() != null) {
      b.withPassword(config.password().toCharArray());
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** A URL cut at {@code ://}, the last {@code '@'} and the first {@code '/'} after it. */
  private record Parts(boolean tls, @Nullable String userInfo, List<String> hosts,
      @Nullable String path) {}

  private static Parts parts(RedisConfig config) {
    checkUserInfo(config);
    String url = config.url();
    int start = url.indexOf("://") + 3;
    boolean tls = url.regionMatches(true, 0, "rediss", 0, 6);
    String rest = url.substring(start);
    int at = rest.lastIndexOf('@');
    String userInfo = at < 0 ? null : rest.substring(0, at);
    rest = rest.substring(at + 1);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String path = slash < 0 ? null : rest.substring(slash + 1);
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    List<String> list = new ArrayList<>();
    for (String h : hosts.split(",", -1)) {
      if (h.isBlank()) {
        throw new ConfigException("redis.url: an empty host in " + config.redactedUrl());
      }
      list.add(h.strip());
    }
    return new Parts(tls, userInfo, list, path);
  }

  private record HostPort(String host, int port) {}

  /** {@code host[:port]}, checked to resolve so that a typo is one clear line. */
  private static HostPort hostPort(RedisConfig config, String s, int defaultPort) {
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    int port = defaultPort;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new ConfigException("redis.url: expected host:port, got " + s + " in "
          + config.redactedUrl());
    }
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException("redis.url: the host " + host + " does not resolve (in "
          + config.redactedUrl() + "); check the name or use an IP address");
    }
    return new HostPort(host, port);
  }

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
    Mode mode = mode(config);
    if (mode == Mode.CLUSTER) {
      throw new ConfigException("redis.url: this tool needs one server or a Sentinel URL, not"
          + " the cluster seeds " + config.redactedUrl());
    }
    RedisURI uri;
    try {
      uri = mode == Mode.SENTINEL ? sentinelUri(config) : RedisURI.create(config.url());
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException("redis.url: expected redis://[user:password@]host:port[/db] or"
          + " rediss://..., got " + config.redactedUrl());
    }
    // Lettuce takes "127.0.0.1:6380x" whole for the host and fails later on a DNS lookup of it
    String host = uri.getHost();
    if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) {
      throw new ConfigException("redis.url: expected host:port with a port from 1 to 65535, got "
          + host + " in " + config.redactedUrl());
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
