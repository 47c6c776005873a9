package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.QueueConfig;
import io.taskq.RateLimit;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two workers sharing one queue's limits, on the system clock: the fetcher waits for the next
 * token or a freed slot (neither busy nor stuck until its idle wait), and counts the waits. Run
 * against each broker.
 */
public abstract class WorkerClaimLimitContractTest {
  private static final TaskDefinition<Integer> JOB =
      TaskDefinition.of("test.limited", Integer.class).withQueue("limited");

  private Broker broker;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Worker> workers = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();

  /** A fresh, empty broker on the system clock. */
  protected abstract Broker newBroker();

  @BeforeEach
  void setUp() {
    broker = newBroker();
  }

  @AfterEach
  void close() {
    workers.forEach(Worker::close);
    broker.close();
  }

  private void startWorkers(QueueConfig queue, Duration work) {
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(queue);
    for (int i = 0; i < 2; i++) {
      workers.add(Worker.builder().broker(broker).config(config).queues(queue.name())
          .concurrency(4).meterRegistry(registry).register(JOB, (n, ctx) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            LockSupport.parkNanos(work.toNanos());
            running.decrementAndGet();
            done.incrementAndGet();
            return null;
          }).build().start());
    }
  }

  private void submit(QueueConfig queue, int n) {
    TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT.withQueue(queue));
    for (int i = 0; i < n; i++) {
      client.submit(JOB, i);
    }
  }

  private double waits() {
    Counter c = registry.find(MetricNames.RATELIMIT_WAITS).tag("queue", "limited").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void maxActiveHoldsAcrossWorkersAndEachFreedSlotWakesAWaiter() {
    QueueConfig queue = QueueConfig.builder("limited").maxActive(1).build();
    startWorkers(queue, Duration.ofMillis(20));
    long start = System.nanoTime();
    submit(queue, 10);

    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 10);

    assertThat(peak.get()).isEqualTo(1);
    assertThat(waits()).isPositive();
    // a waiter left to its idle wait (5 s) instead of woken by the freed slot would take longer
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aRateLimitSpacesClaimsAcrossWorkers() {
    // a token every 50 ms, 2 at once: 12 tasks take at least (12 - 2) * 50 ms
    QueueConfig queue = QueueConfig.builder("limited")
        .rateLimit(RateLimit.parse("20/s").withBurst(2)).build();
    startWorkers(queue, Duration.ZERO);
    long start = System.nanoTime();
    submit(queue, 12);

    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 12);

    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ms).isBetween(480L, 4000L);
    assertThat(waits()).isPositive();
  }

  @Test
  void aWorkerWaitingForATokenWakesOnTimeAtHighRates() {
    // a token every 10 ms, one at a time: 60 tasks take 590 ms when every wait ends on time; a
    // wait ending at a coarser resolution (100 ms) would take three times as long with 2 workers
    QueueConfig queue = QueueConfig.builder("limited")
        .rateLimit(RateLimit.parse("100/s").withBurst(1)).build();
    startWorkers(queue, Duration.ZERO);
    long start = System.nanoTime();
    submit(queue, 60);

    await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 60);

    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(getClass().getSimpleName() + ": 60 tasks at 100/s, burst 1, 2 workers: "
        + ms + " ms");
    assertThat(ms).isBetween(580L, 1800L);
  }
}
