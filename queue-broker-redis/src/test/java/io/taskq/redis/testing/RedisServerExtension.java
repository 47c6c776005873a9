package io.taskq.redis.testing;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.test.redis.RedisServer;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
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
public final class RedisServerExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String[] extraArgs;
  private final List<RedisBroker> brokers = new CopyOnWriteArrayList<>();
  private RedisServer server;

  /** A server with extra {@code redis-server} arguments. */
  public RedisServerExtension(String... extraArgs) {
    this.extraArgs = extraArgs;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(extraArgs);
  }

  /** Closes the brokers of {@link #broker} (after the test's own {@code @AfterEach}). */
  @Override
  public void afterEach(ExtensionContext context) {
    brokers.forEach(RedisBroker::close);
    brokers.clear();
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

  /** A broker on this server, closed after the test. */
  public RedisBroker broker() {
    return broker(null);
  }

  /**
   * A broker on this server whose scripts take "now" from {@code clock} (where not null) instead
   * of Redis {@code TIME}; closed after the test.
   */
  public RedisBroker broker(@Nullable InstantSource clock) {
    RedisBroker broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(url()))
        .clockOverride(clock).build();
    brokers.add(broker);
    return broker;
  }

  /** {@link #broker(InstantSource)} on a server emptied first ({@code FLUSHALL}). */
  public RedisBroker emptyBroker(InstantSource clock) {
    server().cli("FLUSHALL");
    return broker(clock);
  }
}
