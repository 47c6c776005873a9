package io.taskq.redis.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the broker's "now" comes from: Redis {@code TIME}, which every script reads itself, or a
 * test's clock, which each script call then carries as its "now" argument.
 */
public final class RedisTime {
  private final RedisConnector redis;
  private final @Nullable InstantSource override;

  /** Redis {@code TIME}, or {@code override} where a test sets one. */
  public RedisTime(RedisConnector redis, @Nullable InstantSource override) {
    this.redis = redis;
    this.override = override;
  }

  /** A script's "now" argument: empty for Redis {@code TIME}, else the override in epoch ms. */
  public String arg() {
    return override == null ? "" : Long.toString(override.millis());
  }

  /** The current time: the override's, else Redis {@code TIME}. */
  public Instant now() {
    if (override != null) {
      return override.instant();
    }
    return redis.call("read time", r -> {
      List<String> t = r.time();
      return Instant.ofEpochMilli(Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000);
    });
  }
}
