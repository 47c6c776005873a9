package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.SoftTimeLimitExceededException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.TimeLimitExceededException;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Soft and hard time limits on a worker whose time is a manual clock: the per-task hard limit
 * wins over the queue's, the soft limit cancels and interrupts before the hard one, and a handler
 * that ignores the interrupt at the hard limit is counted while the worker goes on serving.
 */
class TimeLimitsTest {
  /** {@code ms}: how long the handler blocks (interruptibly unless {@code stubborn}). */
  record Job(long ms, boolean stubborn, boolean returnWhenCancelled) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.limits", Job.class)
      .withQueue("jobs");

  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean release = new AtomicBoolean();
  private final List<Boolean> cancelledAtStop = new CopyOnWriteArrayList<>();
  private EmbeddedBroker broker;
  private TaskClient client;
  private CountDownLatch started;

  @BeforeEach
  void setUp() {
    broker = new EmbeddedBroker(clock);
    started = new CountDownLatch(1);
  }

  @AfterEach
  void tearDown() {
    release.set(true);
    for (Worker w : workers) {
      CompletableFuture<Void> closing = CompletableFuture.runAsync(w::close);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        clock.advance(Duration.ofSeconds(1));
        return closing.isDone();
      });
    }
    broker.close();
  }

  private void start(QueueConfig.Builder queue) {
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(queue.retry(RetryPolicy.none()).build());
    client = TaskClient.create(broker, config);
    Worker w = Worker.builder().broker(broker).config(config).queues("jobs")
        .timeSource(TimeSource.of(clock)).meterRegistry(meters)
        .register(JOB, (job, ctx) -> {
          started.countDown();
          if (job.stubborn()) {
            while (!release.get()) { // swallows interrupts
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return "released";
          }
          try {
            Thread.sleep(job.ms());
          } catch (InterruptedException e) {
            cancelledAtStop.add(ctx.isCancelled());
            if (job.returnWhenCancelled()) {
              return "stopped early";
            }
            throw e;
          }
          return "slept";
        }).build();
    workers.add(w);
    w.start();
  }

  private TaskInfo info(TaskHandle h) {
    return client.find(h).orElseThrow();
  }

  private void awaitState(TaskHandle h, TaskState state) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.find(h).map(TaskInfo::state).orElse(null) == state);
  }

  private void awaitStarted() throws InterruptedException {
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void pastTheSoftLimitTheHandlerIsCancelledAndInterruptedAndMayStillSucceed() throws Exception {
    start(QueueConfig.builder("jobs").timeLimit(Duration.ofSeconds(10))
        .softTimeLimit(Duration.ofSeconds(2)));
    TaskHandle h = client.submit(JOB, new Job(3_600_000, false, true));
    awaitStarted();

    clock.advance(Duration.ofMillis(1_999));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(cancelledAtStop::isEmpty); // a few sweeps pass: not yet
    clock.advance(Duration.ofMillis(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(h).isPresent());
    assertThat(cancelledAtStop).containsExactly(true);
    assertThat(client.resultJson(h)).contains("\"stopped early\"");
  }

  @Test
  void aHandlerThatStopsOnTheSoftInterruptFailsWithSoftTimeLimitExceeded() throws Exception {
    start(QueueConfig.builder("jobs").timeLimit(Duration.ofSeconds(10))
        .softTimeLimit(Duration.ofSeconds(2)));
    TaskHandle h = client.submit(JOB, new Job(3_600_000, false, false));
    awaitStarted();

    clock.advance(Duration.ofSeconds(2));

    awaitState(h, TaskState.DEAD);
    assertThat(info(h).lastError().type()).isEqualTo(SoftTimeLimitExceededException.class.getName());
    assertThat(info(h).lastError().message()).contains("soft time limit of PT2S");
    assertThat(cancelledAtStop).containsExactly(true);
  }

  @Test
  void theTasksOwnLimitsWinOverTheQueues() throws Exception {
    start(QueueConfig.builder("jobs").timeLimit(Duration.ofHours(1))
        .softTimeLimit(Duration.ofMinutes(30)));
    TaskHandle h = client.submit(JOB, new Job(3_600_000, false, false), TaskOptions.builder()
        .timeLimit(Duration.ofSeconds(3)).softTimeLimit(Duration.ofSeconds(1)).build());
    awaitStarted();

    clock.advance(Duration.ofSeconds(1)); // the task's soft limit, far below the queue's

    awaitState(h, TaskState.DEAD);
    assertThat(info(h).lastError().type()).isEqualTo(SoftTimeLimitExceededException.class.getName());
    assertThat(info(h).lastError().message()).contains("PT1S");
  }

  @Test
  void aPerTaskHardLimitStopsAHandlerLongBeforeTheQueuesLimit() throws Exception {
    start(QueueConfig.builder("jobs").timeLimit(Duration.ofHours(1)));
    TaskHandle h = client.submit(JOB, new Job(0, true, false), TaskOptions.builder()
        .timeLimit(Duration.ofSeconds(2)).build());
    awaitStarted();

    clock.advance(Duration.ofSeconds(2));

    awaitState(h, TaskState.DEAD);
    assertThat(info(h).lastError().type()).isEqualTo(TimeLimitExceededException.class.getName());
    assertThat(info(h).lastError().message()).contains("time limit of PT2S");
  }

  @Test
  void aHandlerThatIgnoresTheHardInterruptIsCountedAndTheWorkerGoesOn() throws Exception {
    start(QueueConfig.builder("jobs").concurrency(1).timeLimit(Duration.ofSeconds(1)));
    TaskHandle stuck = client.submit(JOB, new Job(0, true, false));
    awaitStarted();

    clock.advance(Duration.ofSeconds(1));
    awaitState(stuck, TaskState.DEAD);
    assertThat(info(stuck).lastError().type())
        .isEqualTo(TimeLimitExceededException.class.getName());
    TaskHandle next = client.submit(JOB, new Job(0, false, false)); // the only slot is free
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(next).isPresent());
    assertThat(ignored()).isZero(); // not yet: it has a second to return

    clock.advance(Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> ignored() == 1.0);
    assertThat(meters.get(MetricNames.WORKER_STUCK).gauge().value()).isEqualTo(1.0);
    release.set(true);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> meters.get(MetricNames.WORKER_STUCK).gauge().value() == 0.0);
    assertThat(ignored()).isEqualTo(1.0);
  }

  private double ignored() {
    var c = meters.find(MetricNames.TASKS_INTERRUPT_IGNORED).tags("queue", "jobs", "task",
        JOB.name()).counter();
    return c == null ? 0 : c.count();
  }
}
