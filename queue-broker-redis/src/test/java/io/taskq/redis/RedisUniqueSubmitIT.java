package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.BrokerRefusedException;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.UniqueKeys;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unique keys in the enqueue script under concurrent submitters, and the keys' lazy trimming. */
class RedisUniqueSubmitIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void twentyConcurrentSubmittersOfOneKeyGetOneTask() throws Exception {
    int n = 20;
    String queue = "unique-race";
    String key = UniqueKeys.of("report.build", "{\"month\":\"2026-11\"}");
    List<TaskClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) { // each submitter has its own broker, so its own connection
      clients.add(TaskClient.create(REDIS.broker(), TaskqConfig.DEFAULT));
    }
    TaskOptions options = TaskOptions.builder().queue(queue).uniqueKey(key, Duration.ofMinutes(5))
        .build();
    CyclicBarrier start = new CyclicBarrier(n);
    CountDownLatch done = new CountDownLatch(n);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Throwable> errors = new ArrayList<>();
    for (TaskClient client : clients) {
      Thread.ofPlatform().start(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          TaskHandle h = client.submitJson("report.build", "{\"month\":\"2026-11\"}", options);
          ids.add(h.id());
        } catch (Throwable e) {
          synchronized (errors) {
            errors.add(e);
          }
        } finally {
          done.countDown();
        }
      });
    }

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();
    assertThat(ids).hasSize(1);
    RedisKeys k = RedisKeys.of(queue);
    assertThat(REDIS.server().cli("HLEN", k.tasks()).strip()).isEqualTo("1");
    assertThat(REDIS.server().cli("LLEN", k.pending()).strip()).isEqualTo("1");
    assertThat(REDIS.server().cli("HGET", k.unique(), key).strip()).isEqualTo(ids.iterator().next());
  }

  @Test
  void expiredKeysOfGoneTasksAreTrimmedByLaterUniqueSubmissions() {
    ManualClock clock = new ManualClock();
    RedisBroker broker = REDIS.broker(clock);
    TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT);
    String queue = "unique-trim";
    RedisKeys k = RedisKeys.of(queue);
    for (int i = 0; i < 25; i++) {
      client.submitJson("t", "{}", TaskOptions.builder().queue(queue)
          .uniqueKey("k" + i, Duration.ofSeconds(10)).build());
    }
    REDIS.server().cli("DEL", k.tasks(), k.pending()); // the tasks are gone (as if purged)
    assertThat(REDIS.server().cli("HLEN", k.unique()).strip()).isEqualTo("25");

    clock.advance(Duration.ofSeconds(10));
    client.submitJson("t", "{}", TaskOptions.builder().queue(queue).uniqueKey("new").build());

    assertThat(REDIS.server().cli("HLEN", k.unique()).strip()).isEqualTo("6"); // 20 trimmed
    assertThat(REDIS.server().cli("ZCARD", k.uniqueExpiry()).strip()).isEqualTo("6");
    client.submitJson("t", "{}", TaskOptions.builder().queue(queue).uniqueKey("new2").build());
    assertThat(REDIS.server().cli("HLEN", k.unique()).strip()).isEqualTo("2");
  }

  @Test
  void aUniqueKeysHashOfTheWrongTypeRefusesUniqueSubmissionsOnlyAndStoresNothing() {
    TaskClient client = TaskClient.create(REDIS.broker(), TaskqConfig.DEFAULT);
    String queue = "unique-wrongtype";
    RedisKeys k = RedisKeys.of(queue);
    REDIS.server().cli("RPUSH", k.unique(), "garbage");

    assertThatThrownBy(() -> client.submitJson("t", "{}", TaskOptions.builder().queue(queue)
        .uniqueKey("k").build()))
        .isInstanceOf(BrokerRefusedException.class).hasMessageContaining("WRONGTYPE");
    assertThat(REDIS.server().cli("HLEN", k.tasks()).strip()).isEqualTo("0");
    client.submitJson("t", "{}", TaskOptions.builder().queue(queue).build());
    assertThat(REDIS.server().cli("HLEN", k.tasks()).strip()).isEqualTo("1");
  }
}
