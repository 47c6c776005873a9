package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.RateLimit;
import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimLimitContractTest;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.NewTask;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The claim limits on a real redis-server, with "now" injected through the scripts' ARGV. */
class RedisClaimLimitContractIT extends ClaimLimitContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }

  private String cli(String... args) {
    return REDIS.server().cli(args);
  }

  @Test
  void atMaxmemoryLimitedClaimsAreHeldBackWithoutAnError() {
    List<NewTask> tasks = IntStream.range(0, 4).mapToObj(i -> aTask().inQueue(q).build()).toList();
    broker.enqueue(tasks);
    RateLimit rate = RateLimit.parse("10/s").withBurst(2);
    ClaimedTask held = broker.claim(new ClaimRequest(q, 1, Duration.ofSeconds(30), "w", rate, 1))
        .tasks().get(0);
    cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
    cli("CONFIG", "SET", "maxmemory", "1");
    try {
      assertThat(cli("SET", "probe", "x")).startsWith("OOM");
      // refused by the cap: the script may not write its flag, and says so in no error
      ClaimResult capped = broker.claim(new ClaimRequest(q, 5, Duration.ofSeconds(30), "w",
          rate, 1));
      assertThat(capped.limited()).isTrue();
      assertThat(capped.tasks()).isEmpty();
      assertThat(broker.ack(q, List.of(Ack.of(held.ref())))).isEmpty();
      // the claim pops first, then spends its token: memory is freed before it is used
      ClaimResult rated = broker.claim(new ClaimRequest(q, 5, Duration.ofSeconds(30), "w",
          rate, 0));
      assertThat(rated.tasks()).hasSize(1);
      assertThat(rated.nextToken()).isEqualTo(Duration.ofMillis(100));
    } finally {
      cli("CONFIG", "SET", "maxmemory", "0");
    }
  }
}
