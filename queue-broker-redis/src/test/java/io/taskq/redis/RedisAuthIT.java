package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.redis.testing.RedisServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server with a password: the right one works, a wrong one is a one-line config error. */
class RedisAuthIT {
  private static final String SECRET = "s3cret-Pa55";
  @RegisterExtension static final RedisServerExtension REDIS =
      new RedisServerExtension("--requirepass", SECRET);

  private String url(String password) {
    return "redis://:" + password + "@127.0.0.1:" + REDIS.server().port();
  }

  @Test
  void thePasswordInTheUrlAuthenticates() {
    try (RedisBroker b = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(url(SECRET)))) {
      assertThat(b.enqueue(List.of(aTask().inQueue("auth").build())).created()).isEqualTo(1);
    }
  }

  @Test
  void thePasswordFromConfigAuthenticatesWhenTheUrlHasNone() {
    RedisConfig cfg = new RedisConfig(REDIS.url(), SECRET, RedisConfig.DEFAULT_COMMAND_TIMEOUT,
        RedisConfig.DEFAULT_CONNECT_TIMEOUT, RedisConfig.DEFAULT_RECONNECT_DELAY_MAX);
    try (RedisBroker b = RedisBroker.connect(cfg)) {
      assertThat(b.counts("auth").pending()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void aWrongPasswordIsAOneLineConfigErrorWithoutThePassword() {
    assertThatThrownBy(() -> RedisBroker.connect(RedisConfig.DEFAULT.withUrl(url("wrong-pw-1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("refused authentication")
        .hasMessageNotContaining("wrong-pw-1")
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void noPasswordIsOneLineSayingThatRedisRequiresOne() {
    assertThatThrownBy(() -> RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Redis requires a password: set TASKQ_REDIS_PASSWORD or"
            + " redis.password")
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
