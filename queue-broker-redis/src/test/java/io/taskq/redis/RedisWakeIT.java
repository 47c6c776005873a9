package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.config.RedisConfig;
import io.taskq.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wait for work on the wake channels: one pub/sub connection for every queue, no wake-up
 * lost between an empty claim and the wait, a reconnect wakes the waiters, and BZPOPMIN on the
 * marker where Redis refuses the subscribe.
 */
class RedisWakeIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static int clients() {
    return (int) REDIS.server().cli("CLIENT", "LIST").lines().filter(l -> l.startsWith("id="))
        .count();
  }

  private static int blockedClients() {
    return REDIS.server().cli("INFO", "clients").lines()
        .filter(l -> l.startsWith("blocked_clients:"))
        .mapToInt(l -> Integer.parseInt(l.substring("blocked_clients:".length()).strip()))
        .findFirst().orElseThrow();
  }

  @Test
  void oneConnectionServesTheWaitsOfManyQueuesAndAnEnqueueWakesOnlyItsQueue() throws Exception {
    RedisBroker broker = REDIS.broker();
    int before = clients();
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queues.add("many-" + i);
    }
    queues.forEach(q -> broker.awaitWork(q, Duration.ofMillis(1))); // subscribes; may wake
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Boolean>> waits = new ArrayList<>();
      for (String q : queues) {
        waits.add(CompletableFuture.supplyAsync(() -> broker.awaitWork(q,
            Duration.ofSeconds(20)), threads));
      }
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
          .until(() -> waits.stream().noneMatch(CompletableFuture::isDone));
      assertThat(clients() - before).as("connections for 100 waiting queues")
          .isLessThanOrEqualTo(2);

      broker.enqueue(List.of(aTask().inQueue("many-42").build()));
      assertThat(waits.get(42).get(10, TimeUnit.SECONDS)).isTrue();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
          .until(() -> waits.stream().filter(CompletableFuture::isDone).count() == 1);
      for (int i = 0; i < queues.size(); i++) {
        if (i != 42) {
          broker.enqueue(List.of(aTask().inQueue(queues.get(i)).build()));
        }
      }
      for (CompletableFuture<Boolean> w : waits) {
        assertThat(w.get(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /**
   * The race a worker runs every time it goes idle: its claim finds nothing, a submit lands, then
   * it starts to wait. The wait must end at once, on the first wait of a queue (before its channel
   * is subscribed) and on every later one.
   */
  @Test
  void aSubmitBetweenAnEmptyClaimAndTheWaitIsNeverMissed() {
    RedisBroker broker = REDIS.broker();
    String q = "race";
    for (int round = 0; round < 50; round++) {
      assertThat(broker.claim(q, 10, Duration.ofSeconds(30), "w1")).isEmpty();
      broker.enqueue(List.of(aTask().inQueue(q).build()));
      long start = System.nanoTime();
      assertThat(broker.awaitWork(q, Duration.ofSeconds(20))).as("round %d", round).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(broker.claim(q, 10, Duration.ofSeconds(30), "w1")).hasSize(1);
    }
  }

  @Test
  void submitsRacingAWaiterOnAnotherThreadAreAllClaimedWithoutATimeout() throws Exception {
    RedisBroker broker = REDIS.broker();
    String q = "race-threads";
    broker.awaitWork(q, Duration.ofMillis(1));
    int rounds = 200;
    CompletableFuture<Integer> worker = CompletableFuture.supplyAsync(() -> {
      int got = 0;
      while (got < rounds) {
        int n = broker.claim(q, 10, Duration.ofSeconds(30), "w1").size();
        got += n;
        if (n == 0 && got < rounds && !broker.awaitWork(q, Duration.ofSeconds(30))) {
          throw new AssertionError("a wait timed out with " + got + " of " + rounds + " claimed");
        }
      }
      return got;
    });
    for (int i = 0; i < rounds; i++) {
      broker.enqueue(List.of(aTask().inQueue(q).build()));
    }
    assertThat(worker.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
  }

  @Test
  void aLostPubSubConnectionWakesTheWaiterAndTheNextEnqueueStillDoes() throws Exception {
    RedisBroker broker = REDIS.broker();
    String q = "reconnect";
    broker.awaitWork(q, Duration.ofMillis(1));
    CompletableFuture<Boolean> woken =
        CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(30)));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> !woken.isDone());
    REDIS.server().cli("CLIENT", "KILL", "TYPE", "pubsub");
    assertThat(woken.get(10, TimeUnit.SECONDS)).as("woken by the subscribe after the reconnect")
        .isTrue();
    CompletableFuture<Boolean> next =
        CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(30)));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> !next.isDone());
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private static RedisBroker withoutChannelRights() {
    REDIS.server().cli("ACL", "SETUSER", "nochannels", "on", ">nc-pw", "~taskq:*",
        "resetchannels", "-@all", "+@read", "+@write", "+@scripting", "+@connection",
        "+@transaction", "+bzpopmin", "+time", "+info");
    String url = "redis://nochannels:nc-pw@127.0.0.1:" + REDIS.server().port();
    return RedisBroker.connect(RedisConfig.DEFAULT.withUrl(url));
  }

  @Test
  void withoutChannelRightsTheWaitBlocksOnTheMarkerAndStillWakes() throws Exception {
    try (RedisBroker broker = withoutChannelRights()) {
      String q = "acl-wait";
      broker.awaitWork(q, Duration.ofMillis(10));
      CompletableFuture<Boolean> woken =
          CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(3)));
      await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
          .until(() -> blockedClients() == 1);
      broker.enqueue(List.of(aTask().inQueue(q).build()));
      assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
