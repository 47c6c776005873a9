package io.taskq.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.config.RedisConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the {@code redis} section: the URL or the cluster seeds it is built from, the password or
 * the file holding it (one or the other), timeouts, TLS CA file and durable writes. A URL from the
 * environment or a flag wins over the file's cluster seeds.
 */
final class RedisSectionReader {
  private final ConfigValues values;

  RedisSectionReader(ConfigValues values) {
    this.values = values;
  }

  /** The redis section; {@link RedisConfig#DEFAULT} when absent or empty ({@code redis:} alone). */
  RedisConfig read(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return RedisConfig.DEFAULT;
    }
    values.section(n, "redis");
    values.allow(n, "redis", "url", "password", "passwordFile", "commandTimeout",
        "connectTimeout", "reconnectDelayMax", "tlsCaFile", "cluster", "durableWrites");
    String url = n.hasNonNull("url") ? values.text(n.get("url"), "redis.url")
        : RedisConfig.DEFAULT_URL;
    // a URL from the environment or a flag (--redis) overrides the file's cluster seeds
    if (n.hasNonNull("cluster") && !(n.hasNonNull("url") && values.overridden("redis.url"))) {
      if (n.hasNonNull("url")) {
        throw values.error("redis.cluster", "set either redis.url ("
            + values.source("redis.url") + ") or redis.cluster, not both");
      }
      url = clusterUrl(n.get("cluster"));
    }
    String password = n.hasNonNull("password")
        ? values.text(n.get("password"), "redis.password") : null;
    if (n.hasNonNull("passwordFile")) {
      if (password != null) {
        throw values.error("redis.passwordFile", "set either redis.password ("
            + values.source("redis.password") + ") or redis.passwordFile, not both");
      }
      password = passwordFile(values.text(n.get("passwordFile"), "redis.passwordFile"));
    }
    return new RedisConfig(url, password,
        values.positive(n, "redis.commandTimeout", RedisConfig.DEFAULT_COMMAND_TIMEOUT),
        values.positive(n, "redis.connectTimeout", RedisConfig.DEFAULT_CONNECT_TIMEOUT),
        values.positive(n, "redis.reconnectDelayMax", RedisConfig.DEFAULT_RECONNECT_DELAY_MAX),
        n.hasNonNull("tlsCaFile") ? values.text(n.get("tlsCaFile"), "redis.tlsCaFile") : null,
        n.hasNonNull("durableWrites")
            ? values.intAtLeast(n.get("durableWrites"), "redis.durableWrites", 0) : 0);
  }

  /** {@code redis-cluster://h1:7000,h2:7001} from a list of {@code host:port} seeds. */
  private String clusterUrl(JsonNode seeds) {
    String p = "redis.cluster";
    if (!seeds.isArray() || seeds.isEmpty()) {
      throw values.fail(p, "a list of host:port seeds such as [10.0.0.1:7000, 10.0.0.2:7000]",
          seeds);
    }
    StringBuilder url = new StringBuilder("redis-cluster://");
    for (int i = 0; i < seeds.size(); i++) {
      String seed = values.text(seeds.get(i), p + "[" + i + "]").trim();
      if (!seed.matches("[^\\s,/@]+:\\d{1,5}")) {
        throw values.fail(p + "[" + i + "]", "host:port", seeds.get(i));
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
      throw values.error(p, "cannot read the password file " + file + " ("
          + (e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName())
          + ")");
    }
    String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (password.isEmpty()) {
      throw values.error(p, "the password file " + file + " is empty");
    }
    return password;
  }
}
