package io.taskq.redis;

import io.taskq.config.RedisConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;

/**
 * Opens a {@link RedisBroker} for {@code redis://}, {@code rediss://}, Sentinel
 * ({@code redis-sentinel://}, {@code rediss-sentinel://}) and cluster ({@code redis-cluster://},
 * {@code rediss-cluster://}) URLs.
 */
public final class RedisBrokerFactory implements BrokerFactory {
  @Override
  public boolean supports(String url) {
    return url.startsWith("redis://") || url.startsWith("rediss://")
        || url.startsWith("redis-sentinel://") || url.startsWith("rediss-sentinel://")
        || url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://");
  }

  @Override
  public Broker create(RedisConfig config) {
    return RedisBroker.connect(config);
  }
}
