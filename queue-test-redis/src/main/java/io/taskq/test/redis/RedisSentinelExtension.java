package io.taskq.test.redis;

/**
 * A local primary, replica and three sentinels (see {@link RedisSentinels}) per test class,
 * started before the class (about 1 s) and stopped after it. Needs {@code redis-server}
 * and {@code redis-cli} on the {@code PATH}; no Docker. Use it as a static field, and keep such
 * classes few:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisSentinelExtension REDIS = new RedisSentinelExtension();
 * ... RedisConfig.DEFAULT.withUrl(REDIS.url()) ...
 * }</pre>
 */
public final class RedisSentinelExtension extends TopologyExtension<RedisSentinels> {
  public RedisSentinelExtension() {
    super("the sentinels", RedisSentinels::start);
  }

  /**
   * The running sentinels.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public RedisSentinels sentinels() {
    return running();
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/mymaster}. */
  public String url() {
    return sentinels().url();
  }
}
