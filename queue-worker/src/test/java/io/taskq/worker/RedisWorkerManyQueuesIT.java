package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker on 200 queues waits for all of them on a few connections and wakes for a submit to
 * any of them; submits racing the fetchers as they go idle are all run without waiting for the
 * safety poll. Latencies are printed as a measurement, not asserted: the machine may be loaded.
 */
class RedisWorkerManyQueuesIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final int QUEUES = 200;

  /** The payload: its submit time. */
  record Stamp(long nanos) {}

  private final List<TaskDefinition<Stamp>> tasks = new ArrayList<>();
  private final Set<String> ran = ConcurrentHashMap.newKeySet();
  private final Semaphore done = new Semaphore(0);
  private final List<Long> latencies = new ArrayList<>();
  private RedisBroker broker;
  private TaskClient client;
  private Worker worker;

  @BeforeEach
  void start() {
    REDIS.server().cli("FLUSHALL");
    broker = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    TaskqConfig config = TaskqConfig.DEFAULT;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < QUEUES; i++) {
      names.add("q" + i);
      config = config.withQueue(QueueConfig.builder("q" + i).build());
      tasks.add(TaskDefinition.of("test.stamp.q" + i, Stamp.class).withQueue("q" + i));
    }
    client = TaskClient.create(broker, config);
    Worker.Builder builder = Worker.builder().broker(broker).config(config)
        .queues(names.toArray(String[]::new));
    for (TaskDefinition<Stamp> t : tasks) {
      builder.register(t, (p, ctx) -> {
        synchronized (latencies) {
          latencies.add(System.nanoTime() - p.nanos());
        }
        ran.add(ctx.id());
        done.release();
        return null;
      });
    }
    worker = builder.build().start();
  }

  @AfterEach
  void stop() {
    worker.close();
    client.close();
    broker.close();
  }

  private static int clients() {
    return (int) REDIS.server().cli("CLIENT", "LIST").lines().filter(l -> l.startsWith("id="))
        .count();
  }

  @Test
  void waitsForTwoHundredQueuesOnAFewConnectionsAndWakesForEach() throws Exception {
    // every fetcher reaches its wait: the count stays put
    await().atMost(Duration.ofSeconds(30)).until(() -> clients() <= 4);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
        .until(() -> clients() <= 4);
    for (int i = 0; i < QUEUES; i++) {
      Thread.sleep(5); // the fetcher that ran the last task waits again
      client.submit(tasks.get(i), new Stamp(System.nanoTime()));
      assertThat(done.tryAcquire(20, TimeUnit.SECONDS)).as("task on q%d ran", i).isTrue();
    }
    assertThat(ran).hasSize(QUEUES);
    assertThat(clients()).as("connections of the worker and its client").isLessThanOrEqualTo(4);
    long[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    System.out.printf("submit-to-start over %d queues: p50 %.2f ms, p99 %.2f ms%n", QUEUES,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99) - 1] / 1e6);
  }

  /**
   * Bursts to random queues land while the fetchers that just ran a task claim, find nothing and
   * go back to waiting: a wake lost in that window would leave a task for the 30 s safety poll.
   */
  @Test
  void submitsRacingFetchersGoingIdleAreAllRunPromptly() throws Exception {
    Random random = new Random(42);
    int total = 0;
    for (int burst = 0; burst < 50; burst++) {
      int n = 1 + random.nextInt(8);
      for (int i = 0; i < n; i++) {
        client.submit(tasks.get(random.nextInt(QUEUES)), new Stamp(System.nanoTime()));
      }
      total += n;
      if (random.nextBoolean()) {
        Thread.sleep(random.nextInt(3));
      }
    }
    assertThat(done.tryAcquire(total, 20, TimeUnit.SECONDS))
        .as("all %d tasks ran well before the safety poll", total).isTrue();
    assertThat(ran).hasSize(total);
  }
}
