package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskError;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revoke and expiry as a worker sees them, with a manual clock, run against each broker (the
 * terminate signal travels through the broker: pub/sub on Redis).
 */
public abstract class WorkerRevokeContractTest {
  record Job(int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.job", Job.class).withQueue("jobs");

  private final ManualClock clock = new ManualClock();
  private Broker broker;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private TaskClient client;
  private Worker worker;

  /** A fresh, empty broker reading time from {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    broker = newBroker(clock);
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(QueueConfig.builder("jobs")
        .retry(RetryPolicy.builder().maxRetries(3).backoff(Backoff.fixed(Duration.ofSeconds(1)))
            .build())
        .build());
    // the submitter's clock is the broker's here: expiresIn counts from it
    client = new DefaultTaskClient(broker, config, clock);
    worker = Worker.builder().broker(broker).config(config).queues("jobs")
        .timeSource(TimeSource.of(clock)).meterRegistry(meters)
        .register(JOB, (job, ctx) -> {
          runs.incrementAndGet();
          if (job.n() == 0) {
            return "quick";
          }
          running.countDown();
          try {
            release.await(); // n = 1: blocks until released or interrupted
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          throw new IllegalStateException("fails after its release");
        })
        .build();
  }

  /** Starts the worker (tests that stage something first start it later). */
  private void start() {
    worker.start();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(worker::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      clock.advance(Duration.ofSeconds(1));
      return closing.isDone();
    });
    broker.close();
  }

  private TaskState state(TaskHandle h) {
    return client.find(h).map(TaskInfo::state).orElse(null);
  }

  private void awaitState(TaskHandle h, TaskState s) {
    await().atMost(Duration.ofSeconds(10)).until(() -> state(h) == s);
  }

  private double counter(String name) {
    var c = meters.find(name).tag("queue", "jobs").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void taskClaimedAfterItsExpiryEndsExpiredWithoutRunning() {
    start();
    TaskHandle h = client.submit(JOB, new Job(0), TaskOptions.builder()
        .countdown(Duration.ofSeconds(3)).expiresIn(Duration.ofSeconds(1)).build());
    clock.advance(Duration.ofSeconds(3));

    awaitState(h, TaskState.EXPIRED);
    assertThat(runs).hasValue(0);
    TaskInfo info = client.find(h).orElseThrow();
    assertThat(info.taskName()).isEqualTo("test.job");
    assertThat(info.lastError().type()).isEqualTo("Expired");
    assertThat(counter(MetricNames.TASKS_EXPIRED)).isEqualTo(1);
  }

  @Test
  void revokedTaskOfACrashedWorkerEndsRevokedAtItsNextClaimWithoutRunning() {
    TaskHandle h = client.submit(JOB, new Job(0));
    // a worker that dies holding the task misses the revoke; the revoke stays in the broker
    assertThat(broker.claim("jobs", 1, Duration.ofSeconds(30), "ghost")).hasSize(1);
    assertThat(client.revoke(h)).isEqualTo(TaskState.ACTIVE);
    clock.advance(Duration.ofSeconds(31));
    start(); // its reaper returns the task; its claim hands it out marked revoked

    awaitState(h, TaskState.REVOKED);
    assertThat(runs).hasValue(0);
    assertThat(counter(MetricNames.TASKS_REVOKED)).isEqualTo(1);
  }

  @Test
  void taskClaimedBeforeItsExpiryRuns() {
    start();
    TaskHandle h = client.submit(JOB, new Job(0), TaskOptions.builder()
        .expiresIn(Duration.ofMinutes(1)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
    assertThat(state(h)).isNotEqualTo(TaskState.EXPIRED);
    assertThat(counter(MetricNames.TASKS_EXPIRED)).isZero();
  }

  @Test
  void revokedScheduledTaskNeverRuns() {
    start();
    TaskHandle h = client.submit(JOB, new Job(0), TaskOptions.builder()
        .countdown(Duration.ofSeconds(3)).build());
    assertThat(client.revoke(h)).isEqualTo(TaskState.SCHEDULED);
    clock.advance(Duration.ofSeconds(5));
    TaskHandle next = client.submit(JOB, new Job(0));

    awaitState(next, TaskState.SUCCEEDED);
    assertThat(runs).hasValue(1);
    assertThat(state(h)).isEqualTo(TaskState.REVOKED);
    assertThat(client.find(h).orElseThrow().lastError())
        .extracting(TaskError::type, TaskError::message)
        .containsExactly("Revoked", "revoked while waiting to run");
  }

  @Test
  void terminateInterruptsTheRunningHandlerAndTheWorkerGoesOn() throws Exception {
    start();
    TaskHandle h = client.submit(JOB, new Job(1));
    running.await();

    assertThat(client.revoke(h, true)).isEqualTo(TaskState.ACTIVE);

    awaitState(h, TaskState.REVOKED);
    assertThat(interrupted).isTrue();
    assertThat(client.find(h).orElseThrow().lastError().type()).isEqualTo("Revoked");
    assertThat(counter(MetricNames.TASKS_REVOKED)).isEqualTo(1);
    TaskHandle next = client.submit(JOB, new Job(0));
    awaitState(next, TaskState.SUCCEEDED);
  }

  @Test
  void revokeWithoutTerminateLetsTheHandlerEndButDoesNotRetryIt() throws Exception {
    start();
    TaskHandle h = client.submit(JOB, new Job(1));
    running.await();

    assertThat(client.revoke(h)).isEqualTo(TaskState.ACTIVE);
    assertThat(state(h)).isEqualTo(TaskState.ACTIVE);
    release.countDown(); // the handler fails: a retry is due, but the task was revoked

    awaitState(h, TaskState.REVOKED);
    assertThat(interrupted).isFalse();
    assertThat(client.find(h).orElseThrow().lastError().type())
        .isEqualTo(IllegalStateException.class.getName());
    clock.advance(Duration.ofSeconds(5));
    TaskHandle next = client.submit(JOB, new Job(0));
    awaitState(next, TaskState.SUCCEEDED);
    assertThat(runs).hasValue(2);
  }
}
