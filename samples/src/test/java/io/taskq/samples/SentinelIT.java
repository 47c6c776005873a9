package io.taskq.samples;

import io.taskq.test.redis.RedisSentinelExtension;
import io.taskq.test.redis.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product on a local primary + replica watched by 3 sentinels. */
class SentinelIT extends TopologyContract {
  @RegisterExtension static final RedisSentinelExtension REDIS = new RedisSentinelExtension();
  private final List<RedisServer> killed = new ArrayList<>();

  @Override
  protected String url() {
    return REDIS.url();
  }

  @Override
  protected void killPrimaryOf(String queue) {
    RedisServer primary = REDIS.sentinels().primary();
    killed.add(primary);
    primary.kill();
  }

  @Override
  protected boolean failedOver(String queue) {
    return !killed.contains(REDIS.sentinels().primary());
  }

  @Override
  protected void heal() {
    killed.forEach(RedisServer::startProcess); // the sentinels make it a replica again
    killed.clear();
    REDIS.sentinels().awaitHealthy();
  }

  @Override
  protected String topology() {
    return "sentinel";
  }
}
