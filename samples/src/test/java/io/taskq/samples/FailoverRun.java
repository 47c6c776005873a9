package io.taskq.samples;

import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.TaskqException;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A client submitting tasks at a steady pace (about 200/s, one thread) while a worker in the
 * same JVM runs them, on one Redis topology: what a primary's kill -9 costs. A task counts as
 * acknowledged when its submit returned; as lost when it was acknowledged but never ran once the
 * queue is empty.
 */
final class FailoverRun implements AutoCloseable {
  record Job(int n) {}

  /** What the run saw. */
  record Outcome(int acknowledged, int failedSubmits, int lost, long longestSubmitGapMs,
      double meanSubmitMs) {}

  /** Submits timed for the mean, all before any kill (the run waits for 200 to have run). */
  private static final int TIMED = 150;

  private static final TaskDefinition<Job> JOB = TaskDefinition.of("failover.job", Job.class);

  private final String queue;
  private final RedisBroker clientBroker;
  private final RedisBroker workerBroker;
  private final TaskClient client;
  private final Worker worker;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> ran = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicLong longestGap = new AtomicLong();
  private final AtomicLong timedNanos = new AtomicLong();
  private final Thread submitter;
  private volatile boolean stop;

  FailoverRun(String url, String queue, int durableWrites) {
    this.queue = queue;
    RedisConfig redis = RedisConfig.DEFAULT.withUrl(url);
    // a short lease: a task whose ack the failover lost is run again soon
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(redis)
        .withQueue(QueueConfig.builder(queue).lease(Duration.ofSeconds(3)).build());
    this.clientBroker = RedisBroker.connect(redis.withDurableWrites(durableWrites));
    this.workerBroker = RedisBroker.connect(redis);
    this.client = TaskClient.create(clientBroker, config);
    this.worker = Worker.builder().broker(workerBroker).config(config).queues(queue)
        .register(JOB.withQueue(queue), (job, ctx) -> {
          ran.add(ctx.id());
          return null;
        }).build().start();
    this.submitter = Thread.ofPlatform().name("failover-submitter").start(this::submit);
  }

  private void submit() {
    long last = System.nanoTime();
    for (int n = 0; !stop; n++) {
      String id = queue + "-" + n;
      try {
        long start = System.nanoTime();
        client.submit(JOB.withQueue(queue), new Job(n), TaskOptions.builder().id(id).build());
        long now = System.nanoTime();
        if (n >= 50 && n < 50 + TIMED) { // after the first connections and warm-up
          timedNanos.addAndGet(now - start);
        }
        acked.add(id);
        longestGap.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(now - last), Math::max);
        last = now;
      } catch (TaskqException e) {
        failed.incrementAndGet();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing the load, not a wait
    }
  }

  int acknowledged() {
    return acked.size();
  }

  int ran() {
    return ran.size();
  }

  /** Stops submitting, waits until the queue holds no live task, and counts. */
  Outcome finish() throws InterruptedException {
    stop = true;
    submitter.join();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> clientBroker.counts(queue).live() == 0);
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(ran);
    return new Outcome(acked.size(), failed.get(), lost.size(), longestGap.get(),
        timedNanos.get() / 1e6 / TIMED);
  }

  @Override
  public void close() {
    stop = true;
    worker.close();
    clientBroker.close();
    workerBroker.close();
  }
}
