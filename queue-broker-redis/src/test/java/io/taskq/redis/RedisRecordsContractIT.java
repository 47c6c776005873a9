package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.TaskHandle;
import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.RecordsContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The records-and-waiting contract on a real redis-server, plus what only Redis can show: a
 * thousand waiters cost one pub/sub connection.
 */
class RedisRecordsContractIT extends RecordsContractTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }

  /** Connections of the server in pub/sub mode (subscribed to at least one channel). */
  private static long pubSubConnections() {
    return REDIS.server().cli("CLIENT", "LIST").lines()
        .filter(l -> l.matches(".*\\bsub=[1-9].*")).count();
  }

  @Test
  void aThousandConcurrentWaitersShareOnePubSubConnectionAndAreAllWoken() throws Exception {
    int n = 1000;
    List<ClaimedTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(enqueueAndClaim());
    }
    long before = pubSubConnections();
    CountDownLatch waiting = new CountDownLatch(n);
    List<Future<Sum>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ClaimedTask c : tasks) {
        TaskHandle<Sum> h = client.handle(c.id(), q, Sum.class);
        results.add(threads.submit(() -> {
          CompletableFuture<Sum> f = h.awaitAsync(Duration.ofSeconds(30));
          waiting.countDown();
          return f.get();
        }));
      }
      assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pubSubConnections() - before).as("pub/sub connections of 1000 waiters")
          .isEqualTo(1);
      for (Future<Sum> r : results) {
        assertThat(r.isDone()).isFalse();
      }

      long start = System.nanoTime();
      List<Ack> acks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        acks.add(new Ack(tasks.get(i).ref(), "{\"sum\":" + i + "}", Duration.ofHours(1),
            succeeded()));
      }
      assertThat(broker.ack(q, acks)).isEmpty();
      for (int i = 0; i < n; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(new Sum(i));
      }
      System.out.printf("RedisRecordsContractIT: %d waiters woken %d ms after one ack batch%n",
          n, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(pubSubConnections())
        .as("the channel is left once nobody waits").isEqualTo(before));
  }

  @Test
  void aWaiterWhoseNoticeWasLostWhileThePubSubConnectionWasDownIsWokenOnceItIsBack()
      throws Exception {
    ClaimedTask c = enqueueAndClaim();
    CompletableFuture<Sum> sum = client.handle(c.id(), q, Sum.class)
        .awaitAsync(Duration.ofSeconds(30));
    assertThat(pubSubConnections()).isEqualTo(1);

    // the server drops the subscriber; the task ends before the client has reconnected (it
    // waits at least 50 ms), so its notice goes to nobody
    REDIS.server().cli("CLIENT", "KILL", "TYPE", "pubsub");
    ack(c, "{\"sum\":7}");
    assertThat(sum.get(20, TimeUnit.SECONDS)).isEqualTo(new Sum(7));
  }
}
