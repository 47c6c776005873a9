package io.taskq.test.redis;

import io.taskq.test.redis.internal.DockerRedis;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * One real Redis per test class, for integration tests of code that uses taskq's Redis broker.
 * Before the class it starts, in this order of preference:
 *
 * <ol>
 *   <li>a {@code redis-server} process on a free 127.0.0.1 port, when one is on the
 *       {@code PATH} ({@link RedisServer}; about 60 ms);
 *   <li>else a Testcontainers Redis ({@code redis:7-alpine}), when
 *       {@code org.testcontainers:testcontainers} is on the test class path and a Docker engine
 *       answers;
 *   <li>else nothing: the class's tests are skipped (aborted) with a message saying what to
 *       install.
 * </ol>
 *
 * The Redis is stopped after the class. Use it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
 * ... TaskqConfig.DEFAULT.withRedis(RedisConfig.of(REDIS.url())) ...
 * }</pre>
 *
 * <p>Tests of one class share the server: give each its own queue names, or purge between tests.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean allowDocker;
  private @Nullable RedisServer process;
  private @Nullable DockerRedis docker;

  /** An extension that may fall back to Docker. */
  public RedisServerExtension() {
    this(true);
  }

  private RedisServerExtension(boolean allowDocker) {
    this.allowDocker = allowDocker;
  }

  /** An extension that never uses Docker: a local {@code redis-server} or skipped tests. */
  public static RedisServerExtension processOnly() {
    return new RedisServerExtension(false);
  }

  /**
   * Starts the Redis, or aborts the class's tests when there is none to start.
   *
   * @throws TestAbortedException when no {@code redis-server} is installed and Docker cannot be
   *     used
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    start(context.getDisplayName(), RedisServer.isInstalled(),
        DockerRedis::isAvailable);
  }

  /**
   * Starts what is there; {@code docker} is asked only when no redis-server is installed and
   * Docker is allowed.
   */
  void start(String testClass, boolean installed, BooleanSupplier docker) {
    if (installed) {
      process = RedisServer.start();
    } else if (allowDocker && docker.getAsBoolean()) {
      this.docker = DockerRedis.start();
    } else {
      throw new TestAbortedException("no Redis for " + testClass + ": install redis-server"
          + " (e.g. apt-get install redis-server)" + (allowDocker ? ", or run a Docker engine"
          + " and put org.testcontainers:testcontainers on the test class path" : ""));
    }
  }

  /** Stops the Redis. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (process != null) {
      process.close();
      process = null;
    }
    if (docker != null) {
      docker.close();
      docker = null;
    }
  }

  /**
   * The Redis URL, {@code redis://127.0.0.1:<port>} for a process.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public String url() {
    if (process != null) {
      return process.url();
    }
    if (docker != null) {
      return docker.url();
    }
    throw new IllegalStateException("the Redis starts before the test class and stops after it;"
        + " register the extension on a static field");
  }

  /** True when the Redis is a local process (then {@link #process()} may stop and restart it). */
  public boolean isProcess() {
    return process != null;
  }

  /**
   * The local {@code redis-server}, to stop and restart it in outage tests.
   *
   * @throws IllegalStateException when the Redis runs in Docker or is not started
   */
  public RedisServer process() {
    if (process == null) {
      throw new IllegalStateException("the Redis is not a local redis-server process here");
    }
    return process;
  }
}
