package io.taskq.test.redis;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
public final class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback {
  private @Nullable RedisSentinels sentinels;
  /** The class that started it: @Nested classes inherit the extension and share it. */
  private @Nullable Class<?> owner;

  /**
   * Starts the sentinels.
   *
   * @throws IllegalStateException when {@code redis-server} is missing or the processes do not
   *     start
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    if (sentinels != null) {
      return; // a @Nested class of the owner
    }
    if (!RedisServer.isInstalled()) {
      throw new IllegalStateException("no redis-server for " + context.getDisplayName()
          + ": install redis-server and redis-tools (e.g. apt-get install redis-server)");
    }
    sentinels = RedisSentinels.start();
    owner = context.getRequiredTestClass();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (sentinels != null && context.getRequiredTestClass() == owner) {
      sentinels.close();
      sentinels = null;
    }
  }

  /**
   * The running sentinels.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public RedisSentinels sentinels() {
    if (sentinels == null) {
      throw new IllegalStateException("the sentinels start before the test class and stop"
          + " after it; register the extension on a static field");
    }
    return sentinels;
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/mymaster}. */
  public String url() {
    return sentinels().url();
  }
}
