package io.taskq.test.redis.internal;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis in a Testcontainers container. Loaded only when Testcontainers is on the class path, so
 * that the kit works without it.
 */
public final class DockerRedis implements AutoCloseable {
  /** The image run when no {@code redis-server} is installed. */
  public static final String IMAGE = "redis:7-alpine";
  private static final int PORT = 6379;

  private final GenericContainer<?> container;

  private DockerRedis(GenericContainer<?> container) {
    this.container = container;
  }

  /** True when Testcontainers is on the class path and finds a Docker engine. */
  public static boolean isAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false,
          DockerRedis.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts {@link #IMAGE} and waits until it listens. */
  @SuppressWarnings("resource") // closed by close()
  public static DockerRedis start() {
    GenericContainer<?> c = new GenericContainer<>(IMAGE).withExposedPorts(PORT);
    c.start();
    return new DockerRedis(c);
  }

  /** {@code redis://host:port} of the container's mapped port. */
  public String url() {
    return "redis://" + container.getHost() + ":" + container.getMappedPort(PORT);
  }

  @Override
  public void close() {
    container.stop();
  }
}
