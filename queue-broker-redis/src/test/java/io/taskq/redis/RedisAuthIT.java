package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import io.taskq.TaskClient;
import io.taskq.TaskqException;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.NewTask;
import java.time.Duration;
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

  /**
   * An ACL written for a taskq without pub/sub (no channel rights): tasks still end, with their
   * record kept (the notice is dropped, not the ack); waiting fails with one line naming NOPERM.
   */
  @Test
  void anAclWithoutChannelRightsStillEndsTasksAndRefusesWaitingInOneLine() {
    REDIS.server().cli("--no-auth-warning", "-a", SECRET, "ACL", "SETUSER", "older", "on",
        ">older-pw", "~taskq:*", "resetchannels", "-@all", "+@read", "+@write", "+@scripting",
        "+@connection", "+@transaction", "+bzpopmin", "+time", "+info");
    String url = "redis://older:older-pw@127.0.0.1:" + REDIS.server().port();
    try (RedisBroker b = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(url))) {
      NewTask t = aTask().inQueue("acl").build();
      b.enqueue(List.of(t));
      ClaimedTask c = b.claim("acl", 1, Duration.ofSeconds(30), "w-1").get(0);
      assertThat(b.ack("acl", List.of(new Ack(c.ref(), "42", Duration.ofHours(1))))).isEmpty();
      assertThat(b.result("acl", t.id())).contains("42");
      TaskClient client = TaskClient.create(b, TaskqConfig.DEFAULT);
      assertThatThrownBy(() -> client.handle(t.id(), "acl", Object.class)
          .await(Duration.ofSeconds(5)))
          .isInstanceOf(TaskqException.class)
          .hasMessageContaining("NOPERM")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }
}
