package io.taskq.redis;

import io.taskq.config.RedisConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;

/** Opens a {@link RedisBroker} for {@code redis://} and {@code rediss://} URLs. */
public final class RedisBrokerFactory implements BrokerFactory {
  @Override
  public boolean supports(String url) {
    return url.startsWith("redis://") || url.startsWith("rediss://")
        || url.startsWith("redis-sentinel://");
  }

  @Override
  public Broker create(RedisConfig config) {
    return RedisBroker.connect(config);
  }
}
