package io.taskq.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.RedisKeys;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Beat replicas in real time on a real redis-server. */
class BeatReplicasIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Duration LEASE = Duration.ofSeconds(2);

  private final List<Broker> brokers = new ArrayList<>();
  private final List<Beat> beats = new ArrayList<>();

  @AfterEach
  void tearDown() {
    beats.forEach(Beat::close);
    brokers.forEach(Broker::close);
  }

  private Beat replica(String holder) {
    Broker b = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    brokers.add(b);
    Beat beat = Beat.builder().broker(b).holder(holder).leaderLease(LEASE)
        .schedule(new Schedule(List.of(new ScheduleEntry("tick", "probe.record", "default", "{}",
            new Timing.Every(Duration.ofSeconds(1)), ZoneId.of("UTC"), MisfirePolicy.FIRE_ONCE,
            10, OverlapPolicy.ALLOW))))
        .build();
    beats.add(beat);
    return beat.start();
  }

  /** Occurrence millis of the fired tasks, in firing order. */
  private static List<Long> fired() {
    String out = REDIS.server().cli("LRANGE", RedisKeys.of("default").pending(), "0", "-1");
    return Arrays.stream(out.split("\\s+")).filter(s -> s.startsWith("beat:tick:"))
        .map(s -> Long.parseLong(s.substring("beat:tick:".length()))).toList();
  }

  @Test
  void threeReplicasFireEverySecondOnceWithNoGapAndSurviveTheLeaderStopping() {
    REDIS.server().cli("FLUSHALL");
    replica("a");
    replica("b");
    replica("c");
    await().atMost(Duration.ofSeconds(20)).until(() -> fired().size() >= 6);

    Beat leader = beats.stream().filter(Beat::isLeader).findFirst().orElseThrow();
    leader.close(); // a clean stop releases the lease at once
    int before = fired().size();
    await().atMost(Duration.ofSeconds(20)).until(() -> fired().size() >= before + 4);

    List<Long> ms = fired();
    assertThat(ms).doesNotHaveDuplicates().allMatch(m -> m % 1000 == 0);
    for (int i = 1; i < ms.size(); i++) {
      assertThat(ms.get(i) - ms.get(i - 1)).as("gap after %s", ms.get(i - 1))
          .isLessThanOrEqualTo(1000 + LEASE.toMillis() + 1000);
    }
    assertThat(beats.stream().filter(Beat::isLeader).count()).isEqualTo(1);
  }
}
