package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskq.BrokerUnavailableException;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.test.redis.RedisServer;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.ReapRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour of the Redis broker that only a real server shows: real time, keys, scripts. */
class RedisBrokerIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final AtomicInteger N = new AtomicInteger();

  private final RedisBroker broker = REDIS.broker(); // closed after each test
  private final String q = "r" + N.incrementAndGet();

  private String type(String key) {
    return REDIS.server().cli("TYPE", key);
  }

  /** How many clients Redis holds in a blocking command, such as a waiter's BZPOPMIN. */
  @Test
  void keysHaveTheDesignNamesAndTypesThroughALifecycle() {
    NewTask ok = aTask().inQueue(q).build();
    NewTask later = aTask().inQueue(q).withCountdown(Duration.ofHours(1)).build();
    NewTask failing = aTask().inQueue(q).build();
    NewTask dying = aTask().inQueue(q).build();
    NewTask waiting = aTask().inQueue(q).build();
    broker.enqueue(List.of(ok, later, failing, dying, waiting));
    List<ClaimedTask> c = broker.claim(q, 3, Duration.ofSeconds(30), "w1");
    broker.markStarted(q, List.of(c.get(0).ref()));
    broker.retry(q, c.get(1).ref(), c.get(1).envelope(), Duration.ofMinutes(1));
    broker.deadLetter(q, c.get(2).ref(), c.get(2).envelope(), DeadLetterPolicy.DEFAULT);
    broker.reap(q, new ReapRequest(10, 3, DeadLetterPolicy.DEFAULT, Duration.ofSeconds(10)));
    broker.setPaused(q, true);

    String k = "taskq:{" + q + "}:";
    assertThat(type(k + "tasks")).isEqualTo("hash");
    assertThat(type(k + "pending")).isEqualTo("list");
    assertThat(type(k + "active")).isEqualTo("zset");
    assertThat(type(k + "lease")).isEqualTo("hash");
    assertThat(type(k + "scheduled")).isEqualTo("zset");
    assertThat(type(k + "retry")).isEqualTo("zset");
    assertThat(type(k + "dead")).isEqualTo("zset");
    assertThat(type(k + "marker")).isEqualTo("zset");
    assertThat(type(k + "stats")).isEqualTo("hash");
    assertThat(type(k + "reaper")).isEqualTo("string");
    assertThat(type(k + "paused")).isEqualTo("string");
    assertThat(type("taskq:queues")).isEqualTo("set");
    assertThat(REDIS.server().cli("SISMEMBER", "taskq:queues", q)).isEqualTo("1");
    assertThat(REDIS.server().cli("HGET", k + "lease", c.get(0).id()))
        .matches("[^|]+\\|w1\\|\\d+\\|\\d+");

    broker.ack(q, List.of(new Ack(c.get(0).ref(), "42", Duration.ofMinutes(5))));
    assertThat(type(k + "results")).isEqualTo("hash");
    assertThat(type(k + "results:exp")).isEqualTo("zset");
    assertThat(REDIS.server().cli("HEXISTS", k + "tasks", ok.id())).isEqualTo("0");
    assertThat(REDIS.server().cli("HGET", k + "stats", "processed")).isEqualTo("1");
    assertThat(REDIS.server().cli("HGET", k + "stats", "dead")).isEqualTo("1");
    assertThat(REDIS.server().cli("HGET", k + "stats", "retried")).isEqualTo("1");
  }

  @Test
  void aLeaseExpiresOnRealTimeAndTheOldTokenIsFenced() {
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(t));
    ClaimedTask old = broker.claim(q, 1, Duration.ofMillis(300), "w1").get(0);
    ReapRequest reap = new ReapRequest(10, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO);
    await().atMost(Duration.ofSeconds(5)).until(() -> !broker.reap(q, reap).recovered().isEmpty());
    ClaimedTask current = broker.claim(q, 1, Duration.ofSeconds(30), "w2").get(0);

    assertThat(broker.ack(q, List.of(Ack.of(old.ref())))).containsExactly(t.id());
    assertThat(broker.find(q, t.id()).orElseThrow().lease().workerId()).isEqualTo("w2");
    assertThat(broker.ack(q, List.of(Ack.of(current.ref())))).isEmpty();
    assertThat(broker.counts(q)).isEqualTo(QueueCounts.EMPTY);
  }

  @Test
  void aGarbageEnvelopeDoesNotBreakClaimingTheOthers() {
    NewTask before = aTask().inQueue(q).build();
    broker.enqueue(List.of(before));
    REDIS.server().cli("HSET", "taskq:{" + q + "}:tasks", "garbage-1", "\u0001not json{");
    REDIS.server().cli("RPUSH", "taskq:{" + q + "}:pending", "garbage-1", "orphan-1");
    NewTask after = aTask().inQueue(q).build();
    broker.enqueue(List.of(after));

    List<ClaimedTask> c = broker.claim(q, 10, Duration.ofSeconds(30), "w1");
    // an id without stored task is dropped, not claimed: it may be a copy of a finished task
    assertThat(c).extracting(ClaimedTask::id)
        .containsExactly(before.id(), "garbage-1", after.id());
    assertThat(c.get(1).envelope()).isEqualTo("\u0001not json{");
    assertThat(c.get(2).envelope()).isEqualTo(after.envelope());
    assertThat(broker.counts(q).pending()).isZero();
  }

  @Test
  void enqueueSentTwiceStoresOneTask() {
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(t));
    assertThat(broker.enqueue(List.of(t)).duplicateIds()).containsExactly(t.id());
    assertThat(broker.counts(q).pending()).isEqualTo(1);
  }

  @Test
  void aForgottenQueueIsListedAgainWhenThisBrokerEnqueuesToItAgain() {
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    ClaimedTask c = broker.claim(q, 1, Duration.ofSeconds(30), "w1").get(0);
    assertThat(broker.ack(q, List.of(Ack.of(c.ref())))).isEmpty();
    assertThat(broker.admin().forget(q)).isTrue();
    assertThat(broker.queues()).doesNotContain(q);
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    assertThat(broker.queues()).contains(q);
  }

  @Test
  void scriptsAreReloadedAfterScriptFlush() {
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    assertThat(REDIS.server().cli("SCRIPT", "FLUSH")).isEqualTo("OK");
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    assertThat(broker.claim(q, 5, Duration.ofSeconds(30), "w1")).hasSize(2);
  }

  @Test
  void anIdleWaiterWakesPromptlyOnEnqueue() throws Exception {
    broker.awaitWork(q, Duration.ofMillis(10));
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
        broker.awaitWork(q, Duration.ofSeconds(5));
        return System.nanoTime();
      });
      // enqueue once the waiter waits (for its queue's wake channel), so the latency is the
      // wake-up's alone
      await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
          .until(() -> !woke.isDone());
      long sent = System.nanoTime();
      broker.enqueue(List.of(aTask().inQueue(q).build()));
      long latency = woke.get(5, TimeUnit.SECONDS) - sent;
      best = Math.min(best, latency);
      broker.claim(q, 10, Duration.ofSeconds(30), "w1");
    }
    System.out.printf("wake-up latency (best of 5): %.2f ms%n", best / 1e6);
    assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void anUnreachableServerFailsFastWithBrokerUnavailable() {
    int port = RedisServer.freePort();
    RedisConfig cfg = new RedisConfig("redis://127.0.0.1:" + port, null, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(1));
    long start = System.nanoTime();
    assertThatThrownBy(() -> RedisBroker.connect(cfg))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void commandsFailFastWhileTheServerIsDownAndWorkAgainAfter() {
    try (RedisServer own = RedisServer.start();
        RedisBroker b = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(own.url()))) {
      b.enqueue(List.of(aTask().inQueue(q).build()));
      own.stop();
      long start = System.nanoTime();
      assertThatThrownBy(() -> b.enqueue(List.of(aTask().inQueue(q).build())))
          .isInstanceOf(BrokerUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      own.startProcess();
      await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
          .until(() -> b.enqueue(List.of(aTask().inQueue(q).build())).created() == 1);
    }
  }
}
