package io.taskq.test.redis;

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
public final class RedisClusterExtension extends TopologyExtension<RedisCluster> {
  public RedisClusterExtension() {
    super("the cluster", RedisCluster::start);
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public RedisCluster cluster() {
    return running();
  }

  /** {@code redis-cluster://127.0.0.1:p1,...}, every node as a seed. */
  public String url() {
    return cluster().url();
  }
}
