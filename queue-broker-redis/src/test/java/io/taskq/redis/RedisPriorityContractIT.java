package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.FsckProblem;
import io.taskq.spi.FsckScan;
import io.taskq.spi.PriorityContractTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The priority contract on a real redis-server, plus how pending is stored: priority 0 in the
 * pending LIST, higher priorities in the prioritized ZSET.
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
  void priorityZeroWaitsInTheListAndHigherPrioritiesInTheZset() {
    RedisKeys k = RedisKeys.of(q);
    enqueue(0);
    enqueue(0);
    assertThat(cli("TYPE", k.pending())).isEqualTo("list");
    assertThat(cli("EXISTS", k.prioritized(), k.priority())).isEqualTo("0");

    enqueue(2);
    enqueue(9);
    assertThat(cli("LLEN", k.pending())).isEqualTo("2");
    assertThat(cli("ZCARD", k.prioritized())).isEqualTo("2");
    assertThat(claimAll()).hasSize(4);
    assertThat(cli("EXISTS", k.pending(), k.prioritized())).isEqualTo("0");
  }

  @Test
  void fsckRepairsACopyOfAPrioritizedIdInTheList() {
    RedisKeys k = RedisKeys.of(q);
    String id = enqueue(5);
    String low = enqueue(0);
    cli("RPUSH", k.pending(), id);

    FsckScan scan = broker.admin().scan(q, Instant.EPOCH);
    assertThat(scan.duplicateIds()).containsExactly(id);
    assertThat(broker.admin().repair(q, FsckProblem.DUPLICATE_ID, List.of(id), Instant.EPOCH))
        .isEqualTo(1);
    assertThat(cli("LLEN", k.pending())).isEqualTo("1");
    assertThat(claimAll()).containsExactly(id, low);
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
