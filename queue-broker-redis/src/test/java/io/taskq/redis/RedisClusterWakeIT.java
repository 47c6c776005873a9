package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.config.RedisConfig;
import io.taskq.spi.ClaimRequest;
import io.taskq.test.redis.RedisClusterExtension;
import io.taskq.test.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wait for work on the wake channels of a 3-primary cluster: each queue's channel subscribed
 * on the primary owning its slot, at most one pub/sub connection per node for all queues, an
 * enqueue wakes its queue, and after a primary is killed and its replica takes over, the waits
 * on its slots are woken and the next enqueue still wakes them; a queue whose slot migrates to
 * another primary keeps every task, and its waits follow the slot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterWakeIT {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  private static RedisBroker broker() {
    return RedisBroker.connect(RedisConfig.DEFAULT.withUrl(CLUSTER.url()));
  }

  /** Connections per running node, by port. */
  private static Map<Integer, Integer> clientsPerNode() {
    Map<Integer, Integer> out = new HashMap<>();
    for (RedisServer n : CLUSTER.cluster().nodes()) {
      if (n.isAlive()) {
        out.put(n.port(), (int) n.cli("CLIENT", "LIST").lines()
            .filter(l -> l.startsWith("id=")).count());
      }
    }
    return out;
  }

  /** The connections of one node: age, flags, last command and subscriptions of each. */
  private static String describe(int port) {
    RedisServer n = CLUSTER.cluster().nodes().stream().filter(x -> x.port() == port).findFirst()
        .orElseThrow();
    StringBuilder out = new StringBuilder();
    for (String l : n.cli("CLIENT", "LIST").lines().toList()) {
      for (String f : l.split(" ")) {
        if (f.startsWith("age=") || f.startsWith("flags=") || f.startsWith("cmd=")
            || f.startsWith("sub=") || f.startsWith("ssub=")) {
          out.append(f).append(' ');
        }
      }
      out.append("| ");
    }
    return out.toString();
  }

  private static List<String> queues(int n) {
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      queues.add("cw-" + i);
    }
    return queues;
  }

  private static List<CompletableFuture<Boolean>> waitOn(RedisBroker broker, List<String> queues,
      java.util.concurrent.ExecutorService threads) {
    List<CompletableFuture<Boolean>> waits = new ArrayList<>();
    for (String q : queues) {
      waits.add(CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(25)),
          threads));
    }
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> waits.stream().noneMatch(CompletableFuture::isDone));
    return waits;
  }

  @Test
  @Order(1)
  void queuesOnEveryPrimaryWaitOnOnePubSubConnectionPerNodeAndEachEnqueueWakesItsQueue()
      throws Exception {
    List<String> queues = queues(200);
    assertThat(queues.stream().map(q -> CLUSTER.cluster().primaryOf(
        RedisKeys.of(q).wakeChannel()).port()).distinct().count()).isEqualTo(3);
    Map<Integer, Integer> before = clientsPerNode();
    try (RedisBroker broker = broker();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      queues.forEach(q -> broker.awaitWork(q, Duration.ofMillis(1))); // subscribes; may wake
      List<CompletableFuture<Boolean>> waits = waitOn(broker, queues, threads);
      Map<Integer, Integer> after = clientsPerNode();
      after.forEach((port, n) -> assertThat(n - before.getOrDefault(port, 0))
          .as("connections of a worker on 200 idle queues to node %d: %s", port, describe(port))
          .isLessThanOrEqualTo(4));
      for (RedisServer p : CLUSTER.cluster().primaries()) {
        assertThat(p.cli("CLIENT", "LIST").lines().filter(l -> l.contains(" ssub=")
            && !l.contains(" ssub=0 ")).count()).as("pub/sub connections on %d", p.port())
            .isEqualTo(1);
      }
      for (int i = 0; i < queues.size(); i++) {
        broker.enqueue(List.of(aTask().inQueue(queues.get(i)).build()));
        assertThat(waits.get(i).get(10, TimeUnit.SECONDS)).as(queues.get(i)).isTrue();
      }
    }
  }

  @Test
  @Order(3)
  void aQueueWhoseSlotMigratesKeepsItsTasksAndItsIdleWaitWakesOnTheNewOwner() throws Exception {
    String queue = "migrating";
    String pending = RedisKeys.of(queue).pending();
    try (RedisBroker broker = broker();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        broker.enqueue(List.of(aTask().inQueue(queue).build()));
      }
      RedisServer from = CLUSTER.cluster().primaryOf(pending);
      RedisServer to = otherPrimary(from);
      // keys split between the two nodes: a script on them is refused (TRYAGAIN) and tried again
      int slot = startMigration(from, to, pending);
      moveKeys(from, to, slot, 1);
      CompletableFuture<Void> during = CompletableFuture.runAsync(
          () -> broker.enqueue(List.of(aTask().inQueue(queue).build())), threads);
      Thread.sleep(300);
      assertThat(during).as("an enqueue while the queue's keys are split").isNotDone();
      moveKeys(from, to, slot, Integer.MAX_VALUE);
      finishMigration(to, slot);
      during.get(10, TimeUnit.SECONDS);
      assertThat(CLUSTER.cluster().primaryOf(pending).port()).isEqualTo(to.port());
      List<String> claimed = new ArrayList<>();
      ClaimRequest all = ClaimRequest.of(queue, 100, Duration.ofSeconds(30), "w");
      List<io.taskq.spi.ClaimedTask> got;
      while (!(got = broker.claim(all).tasks()).isEmpty()) {
        got.forEach(t -> claimed.add(t.id()));
      }
      assertThat(claimed).as("every task, once").hasSize(21).doesNotHaveDuplicates();

      // an idle wait on the queue: its channel moves with the slot (sunsubscribe pushed by the
      // old owner), so the wait wakes, and an enqueue on the new owner wakes the next one
      while (broker.awaitWork(queue, Duration.ofMillis(1))) {
        // take the signals the enqueues left
      }
      List<CompletableFuture<Boolean>> idle = waitOn(broker, List.of(queue), threads);
      startMigration(to, from, pending);
      moveKeys(to, from, slot, Integer.MAX_VALUE);
      finishMigration(from, slot);
      assertThat(idle.getFirst().get(10, TimeUnit.SECONDS)).as("woken by the move").isTrue();
      // the subscribe's confirmation and the client's topology refresh may signal again: take
      // those until a wait of 2 s stays quiet
      await().atMost(Duration.ofSeconds(60)).until(() -> quiet(broker, List.of(queue), threads));
      List<CompletableFuture<Boolean>> next = waitOn(broker, List.of(queue), threads);
      broker.enqueue(List.of(aTask().inQueue(queue).build()));
      assertThat(next.getFirst().get(10, TimeUnit.SECONDS)).as("woken on the new owner")
          .isTrue();
    }
  }

  /** Waits 2 s on each of {@code queues} at once; true when none was signalled. */
  private static boolean quiet(RedisBroker broker, List<String> queues,
      java.util.concurrent.ExecutorService threads) {
    List<CompletableFuture<Boolean>> waits = queues.stream().map(q -> CompletableFuture
        .supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(2)), threads)).toList();
    return waits.stream().noneMatch(CompletableFuture::join);
  }

  private static RedisServer otherPrimary(RedisServer not) {
    return CLUSTER.cluster().primaries().stream().filter(p -> p.port() != not.port())
        .findFirst().orElseThrow();
  }

  /** Marks the slot of {@code key} migrating from {@code from} to {@code to}; its number. */
  private static int startMigration(RedisServer from, RedisServer to, String key) {
    int slot = io.lettuce.core.cluster.SlotHash.getSlot(key);
    to.cli("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", from.cli("CLUSTER", "MYID"));
    from.cli("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", to.cli("CLUSTER", "MYID"));
    return slot;
  }

  /** Moves up to {@code max} keys of {@code slot}, one at a time, as redis-cli --cluster does. */
  private static void moveKeys(RedisServer from, RedisServer to, int slot, int max) {
    for (int moved = 0; moved < max; moved++) {
      String key = from.cli("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "1");
      if (key.isEmpty()) {
        return;
      }
      assertThat(from.cli("MIGRATE", "127.0.0.1", Integer.toString(to.port()), "", "0", "5000",
          "KEYS", key)).isEqualTo("OK");
    }
  }

  /** Gives {@code slot} to {@code to} on every node. */
  private static void finishMigration(RedisServer to, int slot) {
    String id = to.cli("CLUSTER", "MYID");
    for (RedisServer n : CLUSTER.cluster().nodes()) {
      if (n.isAlive()) {
        n.cli("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id);
      }
    }
  }

  @Test
  @Order(4) // kills a primary: last
  void afterAPrimaryFailsOverTheWaitsOnItsSlotsWakeAndTheNextEnqueueWakesThem()
      throws Exception {
    List<String> queues = queues(30);
    try (RedisBroker broker = broker();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      queues.forEach(q -> broker.awaitWork(q, Duration.ofMillis(1)));
      String moved = queues.getFirst();
      RedisServer victim = CLUSTER.cluster().primaryOf(RedisKeys.of(moved).wakeChannel());
      List<String> onVictim = queues.stream().filter(q -> CLUSTER.cluster()
          .primaryOf(RedisKeys.of(q).wakeChannel()).port() == victim.port()).toList();
      List<CompletableFuture<Boolean>> waits = waitOn(broker, onVictim, threads);
      long killed = System.nanoTime();
      victim.kill();
      for (CompletableFuture<Boolean> w : waits) {
        assertThat(w.get(20, TimeUnit.SECONDS)).as("woken by the topology change").isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - killed))
          .as("well before the 30 s safety poll").isLessThan(Duration.ofSeconds(20));
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        try {
          return CLUSTER.cluster().primaryOf(RedisKeys.of(moved).wakeChannel()).port()
              != victim.port();
        } catch (IllegalStateException e) {
          return false;
        }
      });
      // take what the wake-up left, and what the client's later topology refreshes and the
      // subscribes' confirmations signal, until a wait of 2 s stays quiet: then the next waits
      // block
      await().atMost(Duration.ofSeconds(60)).until(() -> quiet(broker, onVictim, threads));
      List<CompletableFuture<Boolean>> next = waitOn(broker, onVictim, threads);
      for (int i = 0; i < onVictim.size(); i++) {
        long sent = System.nanoTime();
        broker.enqueue(List.of(aTask().inQueue(onVictim.get(i)).build()));
        assertThat(next.get(i).get(15, TimeUnit.SECONDS)).as(onVictim.get(i)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("woken by the channel")
            .isLessThan(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * A measurement, printed, not asserted (the machine may be loaded): connections per node of a
   * broker on 200 idle queues, and enqueue to the return of awaitWork, 200 rounds over queues on
   * all three primaries.
   */
  @Test
  @Order(2)
  void connectionsAndWakeLatencyOnTheCluster() throws Exception {
    List<String> queues = queues(200);
    Map<Integer, Integer> before = clientsPerNode();
    try (RedisBroker broker = broker();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      queues.forEach(q -> broker.awaitWork(q, Duration.ofMillis(1)));
      List<CompletableFuture<Boolean>> idle = waitOn(broker, queues, threads);
      Map<Integer, Integer> after = clientsPerNode();
      Map<Integer, Integer> added = new HashMap<>();
      after.forEach((port, n) -> added.put(port, n - before.getOrDefault(port, 0)));
      System.out.println("connections per node (primaries and replicas) for 200 idle queues: "
          + added);
      added.forEach((port, n) -> System.out.println(port + ": " + describe(port)));
      for (int i = 0; i < queues.size(); i++) {
        broker.enqueue(List.of(aTask().inQueue(queues.get(i)).build()));
      }
      for (CompletableFuture<Boolean> w : idle) {
        w.get(10, TimeUnit.SECONDS);
      }
      long[] nanos = new long[200];
      for (int round = 0; round < nanos.length; round++) {
        String q = queues.get(round);
        while (broker.awaitWork(q, Duration.ofMillis(1))) {
          // drain what the first loop left
        }
        CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
          broker.awaitWork(q, Duration.ofSeconds(3));
          return System.nanoTime();
        }, threads);
        await().during(Duration.ofMillis(20)).atMost(Duration.ofSeconds(2))
            .until(() -> !woke.isDone());
        long sent = System.nanoTime();
        broker.enqueue(List.of(aTask().inQueue(q).build()));
        nanos[round] = woke.get(5, TimeUnit.SECONDS) - sent;
      }
      java.util.Arrays.sort(nanos);
      System.out.printf("cluster enqueue-to-wake on the wake channel: p50 %.2f ms, p99 %.2f ms%n",
          nanos[100] / 1e6, nanos[197] / 1e6);
    }
  }
}
