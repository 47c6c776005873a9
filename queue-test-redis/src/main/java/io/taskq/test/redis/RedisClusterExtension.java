package io.taskq.test.redis;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Redis Cluster (three primaries, three replicas; see {@link RedisCluster}) per test
 * class, started before the class (about 3 s) and stopped after it. Needs {@code redis-server}
 * and {@code redis-cli} on the {@code PATH}; no Docker. Use it as a static field, and keep such
 * classes few:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
 * ... RedisConfig.DEFAULT.withUrl(CLUSTER.url()) ...
 * }</pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private @Nullable RedisCluster cluster;
  /** The class that started it: @Nested classes inherit the extension and share it. */
  private @Nullable Class<?> owner;

  /**
   * Starts the cluster.
   *
   * @throws IllegalStateException when {@code redis-server} is missing or the cluster does not
   *     form
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster != null) {
      return; // a @Nested class of the owner
    }
    if (!RedisServer.isInstalled()) {
      throw new IllegalStateException("no redis-server for " + context.getDisplayName()
          + ": install redis-server and redis-tools (e.g. apt-get install redis-server)");
    }
    cluster = RedisCluster.start();
    owner = context.getRequiredTestClass();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null && context.getRequiredTestClass() == owner) {
      cluster.close();
      cluster = null;
    }
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public RedisCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the cluster starts before the test class and stops"
          + " after it; register the extension on a static field");
    }
    return cluster;
  }

  /** {@code redis-cluster://127.0.0.1:p1,...}, every node as a seed. */
  public String url() {
    return cluster().url();
  }
}
