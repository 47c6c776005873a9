package io.taskq.test.redis;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a topology of local Redis processes before a test class and stops it after the class;
 * {@code @Nested} classes inherit the extension and share the topology.
 *
 * @param <T> the topology
 */
abstract class TopologyExtension<T extends AutoCloseable>
    implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final Supplier<T> starter;
  private @Nullable T running;
  /** The class that started it. */
  private @Nullable Class<?> owner;

  /**
   * @param name what the topology is called in messages ("the cluster")
   * @param starter starts it
   */
  TopologyExtension(String name, Supplier<T> starter) {
    this.name = name;
    this.starter = starter;
  }

  /**
   * Starts the topology.
   *
   * @throws IllegalStateException when {@code redis-server} is missing or the topology does not
   *     start
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    if (running != null) {
      return; // a @Nested class of the owner
    }
    if (!RedisServer.isInstalled()) {
      throw new IllegalStateException("no redis-server for " + context.getDisplayName()
          + ": install redis-server and redis-tools (e.g. apt-get install redis-server)");
    }
    running = starter.get();
    owner = context.getRequiredTestClass();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (running != null && context.getRequiredTestClass() == owner) {
      running.close();
      running = null;
    }
  }

  /**
   * The running topology.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  T running() {
    if (running == null) {
      throw new IllegalStateException(name + " starts before the test class and stops after it;"
          + " register the extension on a static field");
    }
    return running;
  }
}
