package io.taskq.redis.testing;

import io.taskq.test.redis.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@code redis-server} per test class on a free loopback port and stops it after the
 * class; fails when {@code redis-server} is missing, so that the build never skips its Redis tests
 * (the public {@link io.taskq.test.redis.RedisServerExtension} skips or uses Docker instead). Use
 * as a static field:
 *
 * <pre>{@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}</pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final String[] extraArgs;
  private RedisServer server;

  /** A server with extra {@code redis-server} arguments. */
  public RedisServerExtension(String... extraArgs) {
    this.extraArgs = extraArgs;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(extraArgs);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  /** The running server. */
  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException("the Redis server starts before the test class");
    }
    return server;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return server().url();
  }
}
