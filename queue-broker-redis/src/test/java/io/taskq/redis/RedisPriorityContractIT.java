package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.PriorityContractTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The priority contract on a real redis-server, plus how pending is stored: a LIST while only
 * priority 0 is pending, a ZSET of priority bands from the first higher priority until drained.
 */
class RedisPriorityContractIT extends PriorityContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }

  private String cli(String... args) {
    return REDIS.server().cli(args).trim();
  }

  @Test
  void pendingIsAListUntilAHigherPriorityArrivesAndAgainOnceDrained() {
    RedisKeys k = RedisKeys.of(q);
    enqueue(0);
    enqueue(0);
    assertThat(cli("TYPE", k.pending())).isEqualTo("list");
    assertThat(cli("EXISTS", k.priority())).isEqualTo("0");

    enqueue(2);
    assertThat(cli("TYPE", k.pending())).isEqualTo("zset");
    assertThat(cli("ZCARD", k.pending())).isEqualTo("3");
    assertThat(claimAll()).hasSize(3);

    assertThat(cli("EXISTS", k.pending())).isEqualTo("0");
    enqueue(0);
    assertThat(cli("TYPE", k.pending())).isEqualTo("list");
  }

  @Test
  void thePriorityFieldLivesAsLongAsItsTask() {
    RedisKeys k = RedisKeys.of(q);
    String id = enqueue(7);
    assertThat(cli("HGET", k.priority(), id)).isEqualTo("7");
    List<ClaimedTask> claimed = broker.claim(q, 1, Duration.ofSeconds(30), "w1");
    assertThat(cli("HGET", k.priority(), id)).isEqualTo("7");
    assertThat(broker.ack(q, List.of(Ack.of(claimed.get(0).ref())))).isEmpty();
    assertThat(cli("EXISTS", k.priority())).isEqualTo("0");
  }
}
