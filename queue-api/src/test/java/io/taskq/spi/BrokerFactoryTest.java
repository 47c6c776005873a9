package io.taskq.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import org.junit.jupiter.api.Test;

/** queue-api alone has no Redis broker on its class path, as an application that forgot it. */
class BrokerFactoryTest {

  @Test
  void aRedisUrlWithoutTheRedisModuleNamesTheArtifactToAdd() {
    for (String url : new String[] {"redis://127.0.0.1:1", "rediss://h:1",
        "redis-sentinel://h:26379#m"}) {
      assertThatThrownBy(() -> BrokerFactory.open(RedisConfig.DEFAULT.withUrl(url)))
          .isInstanceOf(ConfigException.class)
          .hasMessage("no broker for " + url + " on the class path: add the dependency"
              + " io.taskq:queue-broker-redis to the application");
    }
  }

  @Test
  void anUnknownSchemeListsTheSupportedOnes() {
    assertThatThrownBy(() -> BrokerFactory.open(RedisConfig.DEFAULT.withUrl("amqp://h")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no broker supports the URL amqp://h (expected redis://, rediss://,"
            + " redis-sentinel://, rediss-sentinel://, redis-cluster://, rediss-cluster:// or"
            + " memory://)");
  }
}
