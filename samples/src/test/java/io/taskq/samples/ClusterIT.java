package io.taskq.samples;

import io.taskq.redis.RedisKeys;
import io.taskq.test.redis.RedisClusterExtension;
import io.taskq.test.redis.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product on a local Redis Cluster of 3 primaries and 3 replicas, given as a seed list. */
class ClusterIT extends TopologyContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
  private final List<RedisServer> killed = new ArrayList<>();

  @Override
  protected String url() {
    return CLUSTER.url();
  }

  @Override
  protected void killPrimaryOf(String queue) {
    RedisServer primary = CLUSTER.cluster().primaryOf(RedisKeys.of(queue).tasks());
    killed.add(primary);
    primary.kill();
  }

  @Override
  protected boolean failedOver(String queue) {
    try {
      return !killed.contains(CLUSTER.cluster().primaryOf(RedisKeys.of(queue).tasks()));
    } catch (IllegalStateException e) {
      return false; // no primary serves the slot yet
    }
  }

  @Override
  protected void heal() {
    killed.forEach(RedisServer::startProcess); // its nodes file makes it rejoin as a replica
    killed.clear();
    CLUSTER.cluster().awaitHealthy();
  }

  @Override
  protected String topology() {
    return "cluster";
  }
}
