package io.taskq.worker;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryLaterException;
import io.taskq.RetryPolicy;
import io.taskq.SkipRetryException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.TimeLimitExceededException;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.Broker;
import io.taskq.spi.NewTask;
import io.taskq.spi.ReapRequest;
import io.taskq.DeadLetterPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker's behaviour, run against each broker: outcomes, retry timing, DLQ routing, time
 * limits, lost leases, shutdown and drain.
 */
public abstract class WorkerContractTest {
  /** Payload of the test tasks. */
  public record Job(String name, int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("test.job", Job.class).withQueue("jobs");

  protected ManualClock clock;
  protected Broker broker;
  private TaskClient client;
  private TaskqConfig config;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  /** A fresh, empty broker reading time from {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    clock = new ManualClock();
    broker = newBroker(clock);
    config = TaskqConfig.DEFAULT.withQueue(QueueConfig.builder("jobs")
        .retry(RetryPolicy.builder().maxRetries(2).backoff(Backoff.fixed(Duration.ofSeconds(10)))
            .build())
        .build());
    client = TaskClient.create(broker, config);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(this::closeAsTimePasses);
    broker.close();
  }

  /** A worker reading all its time (limits, grace, delays, timestamps) from {@code clock}. */
  private Worker.Builder worker() {
    return Worker.builder().broker(broker).config(config).queues("jobs")
        .timeSource(TimeSource.of(clock));
  }

  /**
   * Closes {@code w} on another thread, moving the clock by {@code step} at each look until the
   * close returns: its grace and routing waits end as the clock passes them.
   */
  private void closeAsTimePasses(Worker w, Duration step) {
    CompletableFuture<Void> closing = CompletableFuture.runAsync(w::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      clock.advance(step);
      return closing.isDone();
    });
    closing.join();
  }

  private void closeAsTimePasses(Worker w) {
    closeAsTimePasses(w, Duration.ofSeconds(1));
  }

  private Worker started(Worker.Builder b) {
    Worker w = b.build();
    workers.add(w);
    return w.start();
  }

  private TaskInfo info(TaskHandle h) {
    return client.find(h).orElseThrow();
  }

  private void awaitState(TaskHandle h, TaskState state) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> client.find(h).map(TaskInfo::state).orElse(null) == state);
  }

  @Test
  void runsTaskAndKeepsItsResult() {
    started(worker().register(JOB, (job, ctx) -> job.name() + "#" + job.n()));

    TaskHandle h = client.submit(JOB, new Job("report", 7));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(h).isPresent());
    assertThat(client.resultJson(h)).contains("\"report#7\"");
    assertThat(broker.counts("jobs").pending()).isZero();
    assertThat(broker.counts("jobs").active()).isZero();
    TaskInfo done = client.find(h).orElseThrow();
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.taskName()).isEqualTo(JOB.name());
    assertThat(done.resultJson()).isEqualTo("\"report#7\"");
    assertThat(done.retries()).isZero();
    assertThat(done.createdAt()).isNotNull();
    assertThat(done.startedAt()).isNotNull().isAfterOrEqualTo(done.createdAt());
    assertThat(done.finishedAt()).isNotNull().isAfterOrEqualTo(done.startedAt());
    assertThat(done.workerId()).isNotBlank();
  }

  @Test
  void retriesAtTheBackoffDueTime() {
    AtomicInteger calls = new AtomicInteger();
    started(worker().register(JOB, (job, ctx) -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return ctx.attempt();
    }));

    TaskHandle h = client.submit(JOB, new Job("x", 1));
    awaitState(h, TaskState.RETRY);
    assertThat(info(h).dueAt()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(info(h).lastError().type()).isEqualTo(IllegalStateException.class.getName());

    clock.advance(Duration.ofSeconds(9));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> calls.get() == 1);

    clock.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(h).isPresent());
    assertThat(client.resultJson(h)).contains("2");
    assertThat(calls).hasValue(2);
  }

  @Test
  void aRetryLogsHowLongTheAttemptTookApartFromWhenItRunsAgain() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger outcomes = (Logger) LoggerFactory.getLogger("io.taskq.worker.internal.OutcomeRouter");
    Level level = outcomes.getLevel();
    outcomes.setLevel(Level.INFO);
    outcomes.setAdditive(false); // the INFO lines go to the list only, not the test's stderr
    outcomes.addAppender(log);
    try {
      started(worker().register(JOB, (job, ctx) -> {
        throw new IllegalStateException("fails");
      }));

      TaskHandle h = client.submit(JOB, new Job("x", 1));
      awaitState(h, TaskState.RETRY);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.list)
          .extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
              .matches("Task test\\.job " + h.id() + " retry, took \\d+ ms"
                  + " \\(java\\.lang\\.IllegalStateException; retry 1 of 2 in 10000 ms\\)")));
    } finally {
      outcomes.detachAppender(log);
      outcomes.setAdditive(true);
      outcomes.setLevel(level);
    }
  }

  @Test
  void deadLettersAfterMaxRetries() {
    AtomicInteger calls = new AtomicInteger();
    config = config.withQueue(config.queue("jobs").toBuilder()
        .retry(RetryPolicy.builder().maxRetries(2).backoff(Backoff.fixed(Duration.ZERO)).build())
        .build());
    started(worker().register(JOB, (job, ctx) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("always fails");
    }));

    TaskHandle h = client.submit(JOB, new Job("x", 1));

    awaitState(h, TaskState.DEAD);
    TaskInfo dead = info(h);
    assertThat(calls).hasValue(3);
    assertThat(dead.retries()).isEqualTo(2);
    assertThat(dead.attempts()).extracting(a -> a.outcome())
        .containsExactly("retry", "retry", "dead");
    assertThat(dead.lastError().type()).isEqualTo(IllegalStateException.class.getName());
    assertThat(dead.lastError().message()).isEqualTo("always fails");
  }

  @Test
  void abortOnAndSkipRetryGoStraightToTheDeadLetterQueue() {
    TaskDefinition<Job> aborting = JOB.withRetry(RetryPolicy.builder().maxRetries(5)
        .abortOn(IllegalArgumentException.class).build());
    started(worker().register(aborting, (job, ctx) -> {
      if (job.n() == 1) {
        throw new IllegalArgumentException("bad input");
      }
      throw new SkipRetryException("gone for good");
    }));

    TaskHandle aborted = client.submit(JOB, new Job("x", 1));
    TaskHandle skipped = client.submit(JOB, new Job("x", 2));

    awaitState(aborted, TaskState.DEAD);
    awaitState(skipped, TaskState.DEAD);
    assertThat(info(aborted).attempts()).hasSize(1);
    assertThat(info(skipped).lastError().type()).isEqualTo(SkipRetryException.class.getName());
  }

  @Test
  void aResultOverMaxResultFailsTheTaskToTheDeadLetterQueueWithoutRetry() {
    config = config.withMaxResult(100);
    started(worker().register(JOB, (job, ctx) -> "x".repeat(job.n())));

    TaskHandle large = client.submit(JOB, new Job("large", 200));
    TaskHandle small = client.submit(JOB, new Job("small", 50));

    awaitState(large, TaskState.DEAD);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(small).isPresent());
    TaskInfo dead = info(large);
    assertThat(dead.attempts()).hasSize(1);
    assertThat(dead.lastError().type()).endsWith("ResultTooLargeException");
    assertThat(dead.lastError().message()).contains("202 bytes", "limit of 100 bytes",
        "maxResult").doesNotContain("xxx");
    assertThat(client.resultJson(large)).isEmpty();
  }

  @Test
  void retryLaterOverridesTheBackoff() {
    started(worker().register(JOB, (job, ctx) -> {
      throw new RetryLaterException(Duration.ofMinutes(5));
    }));

    TaskHandle h = client.submit(JOB, new Job("x", 1));

    awaitState(h, TaskState.RETRY);
    assertThat(info(h).dueAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void badInputIsDeadLetteredWithTheReasonAndTheWorkerGoesOn() {
    started(worker().register(JOB, (job, ctx) -> "ok"));

    TaskHandle unknown = client.submitJson("no.such.task", "{}", TaskOptions.builder()
        .queue("jobs").build());
    TaskHandle unbound = client.submitJson(JOB.name(), "{\"n\": \"not a number\"}",
        TaskOptions.builder().queue("jobs").build());
    broker.enqueue(List.of(new NewTask("jobs", "garbage-1", "{not json", null, null)));
    TaskHandle garbage = new TaskHandle("garbage-1", "jobs");
    TaskHandle good = client.submit(JOB, new Job("x", 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(good).isPresent());
    awaitState(unknown, TaskState.DEAD);
    awaitState(unbound, TaskState.DEAD);
    awaitState(garbage, TaskState.DEAD);
    assertThat(info(unknown).lastError().message()).contains("no handler for task 'no.such.task'");
    assertThat(info(unbound).lastError().message()).contains("do not bind to Job")
        .doesNotContain("not a number");
    assertThat(info(garbage).taskName()).isEqualTo("unknown");
    assertThat(info(garbage).lastError().message()).contains("not valid JSON");
  }

  @Test
  void argumentsThatDoNotBindStrictlyAreDeadLetteredAtOnceNamingTheField() {
    AtomicInteger calls = new AtomicInteger();
    started(worker().register(JOB, (job, ctx) -> calls.incrementAndGet()));
    TaskOptions onJobs = TaskOptions.builder().queue("jobs").build();

    TaskHandle fraction = client.submitJson(JOB.name(), "{\"name\": \"a\", \"n\": 1.7}", onJobs);
    TaskHandle missing = client.submitJson(JOB.name(), "{\"n\": 1}", onJobs);

    awaitState(fraction, TaskState.DEAD);
    awaitState(missing, TaskState.DEAD);
    assertThat(info(fraction).lastError().message())
        .contains("field 'n' must be an integer (int), got a number with a fraction")
        .doesNotContain("1.7");
    assertThat(info(missing).lastError().message()).contains("field 'name' is missing");
    assertThat(info(fraction).retries()).isZero(); // never retried
    assertThat(info(missing).retries()).isZero();
    assertThat(calls).hasValue(0);
  }

  @Test
  void hardTimeLimitFreesTheSlotEvenIfTheHandlerIgnoresInterrupts() {
    config = config.withQueue(config.queue("jobs").toBuilder().concurrency(1)
        .timeLimit(Duration.ofMillis(300)).retry(RetryPolicy.none()).build());
    AtomicBoolean release = new AtomicBoolean();
    AtomicInteger interrupts = new AtomicInteger();
    CountDownLatch stuckStarted = new CountDownLatch(1);
    started(worker().register(JOB, (job, ctx) -> {
      if (job.n() == 1) {
        stuckStarted.countDown();
      }
      while (job.n() == 1 && !release.get()) {
        if (Thread.interrupted()) {
          interrupts.incrementAndGet(); // and carry on: a handler that ignores interrupts
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      return "done";
    }));

    TaskHandle stuck = client.submit(JOB, new Job("stuck", 1));
    TaskHandle next = client.submit(JOB, new Job("next", 2));
    await().atMost(Duration.ofSeconds(10)).until(() -> stuckStarted.getCount() == 0);
    assertThat(info(stuck).state()).isEqualTo(TaskState.ACTIVE);

    clock.advance(Duration.ofMillis(300)); // the limit passes on the worker's clock

    awaitState(stuck, TaskState.DEAD);
    assertThat(info(stuck).lastError().type()).isEqualTo(TimeLimitExceededException.class.getName());
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(next).isPresent());
    assertThat(interrupts.get()).isPositive();
    assertThat(client.resultJson(stuck)).isEmpty();
    release.set(true);
  }

  @Test
  void lostLeaseInterruptsTheHandlerAndTheTaskRunsAgain() {
    config = config.withQueue(config.queue("jobs").toBuilder().lease(Duration.ofMillis(600))
        .build());
    CountDownLatch firstStarted = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Map<Integer, Integer> crashesByCall = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    started(worker().register(JOB, (job, ctx) -> {
      int call = calls.incrementAndGet();
      crashesByCall.put(call, ctx.crashRecoveries());
      if (call == 1) {
        firstStarted.countDown();
        try {
          new CountDownLatch(1).await(30, TimeUnit.SECONDS); // blocks until interrupted
        } catch (InterruptedException e) {
          interrupted.set(true);
          throw e;
        }
      }
      return "second run";
    }));
    TaskHandle h = client.submit(JOB, new Job("x", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> firstStarted.getCount() == 0);

    // a reaper elsewhere sees the lease expired, as after a long pause of this worker; the jump
    // is repeated until the reap lands between two of this worker's extensions
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      clock.advance(Duration.ofSeconds(5));
      broker.reap("jobs", new ReapRequest(100, 3, DeadLetterPolicy.DEFAULT, Duration.ofMillis(1)));
      return interrupted.get();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(h).isPresent());
    assertThat(crashesByCall).containsEntry(1, 0).containsEntry(2, 1);
  }

  @Test
  void aSuccessFencedOutByALostLeaseCountsAsLeaseLostAndTheNewOwnerCountsTheSuccess() {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger calls = new AtomicInteger();
    // no prefetch: a reserved copy of the task, reclaimed while run 1 ends, would be fenced too
    started(worker().concurrency(1).prefetch(0).meterRegistry(registry)
        .listener((queue, task, outcome, duration) -> outcomes.add(outcome))
        .register(JOB, (job, ctx) -> {
          if (calls.incrementAndGet() == 1) {
            // a reaper elsewhere takes the task back, as after a long pause of this worker; the
            // handler ends before the heartbeat notices, so only the ack finds the lease gone
            await().atMost(Duration.ofSeconds(10)).until(() -> {
              clock.advance(Duration.ofMinutes(1)); // past the lease, far from the time limit
              broker.reap("jobs", new ReapRequest(100, 3, DeadLetterPolicy.DEFAULT,
                  Duration.ofMillis(1)));
              return broker.find("jobs", ctx.id()).orElseThrow().state() == TaskState.PENDING;
            });
          }
          return "run " + calls.get();
        }));

    TaskHandle h = client.submit(JOB, new Job("x", 1));

    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.contains(Outcome.SUCCESS));
    assertThat(outcomes).containsExactly(Outcome.LEASE_LOST, Outcome.SUCCESS);
    assertThat(client.resultJson(h)).contains("\"run 2\"");
    assertThat(registry.get(MetricNames.TASKS_COMPLETED).tag("outcome", "lease_lost").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.TASKS_COMPLETED).tag("outcome", "success").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.LEASE_LOST).counter().count()).isEqualTo(1);
  }

  @Test
  void shutdownReturnsUnfinishedTasksToPendingAndCloseIsIdempotent() {
    config = config.withWorker(new WorkerConfig(Duration.ofMillis(200), true));
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawShutdown = new AtomicBoolean();
    Worker w = started(worker().register(JOB, (job, ctx) -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(30, TimeUnit.SECONDS); // blocks until interrupted
      } catch (InterruptedException e) {
        sawShutdown.set(ctx.isShuttingDown());
        throw e;
      }
      return "never";
    }));
    TaskHandle h = client.submit(JOB, new Job("x", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(w::close);
    // the grace is the worker's clock: however long in real time, it has not passed yet
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> !closing.isDone() && w.isStopping());
    closeAsTimePasses(w, Duration.ofMillis(50));
    closing.join();

    assertThat(info(h).state()).isEqualTo(TaskState.PENDING);
    assertThat(info(h).retries()).isZero();
    assertThat(info(h).crashRecoveries()).isZero();
    assertThat(sawShutdown).isTrue();
    assertThat(w.isReady()).isFalse();
    assertThat(broker.workers()).isEmpty();
  }

  @Test
  void shutdownLetsRunningTasksFinishWithinTheGracePeriod() {
    CountDownLatch started = new CountDownLatch(1);
    Worker w = started(worker().register(JOB, (job, ctx) -> {
      started.countDown();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // the task's work
      return "finished";
    }));
    TaskHandle h = client.submit(JOB, new Job("x", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);

    w.close();

    assertThat(client.resultJson(h)).contains("\"finished\"");
  }

  @Test
  void runUntilIdleRunsPendingWorkAndLeavesTasksThatAreNotDue() {
    AtomicInteger calls = new AtomicInteger();
    for (int i = 0; i < 25; i++) {
      client.submit(JOB, new Job("x", i));
    }
    TaskHandle later = client.submit(JOB, new Job("later", 0),
        TaskOptions.builder().countdown(Duration.ofHours(1)).build());

    Worker w = worker().concurrency(4).register(JOB, (job, ctx) -> calls.incrementAndGet())
        .build();
    workers.add(w);
    w.runUntilIdle();

    assertThat(calls).hasValue(25);
    assertThat(info(later).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(broker.counts("jobs").pending()).isZero();
  }

  @Test
  void handlersRunWithTheTaskInTheMdc() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    started(worker().register(JOB, (job, ctx) -> {
      seen.putAll(MDC.getCopyOfContextMap());
      return null;
    }));

    TaskHandle h = client.submit(JOB, new Job("x", 1),
        TaskOptions.builder().correlationId("req-42").build());

    await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
    assertThat(seen).containsEntry("taskq.queue", "jobs").containsEntry("taskq.task", "test.job")
        .containsEntry("taskq.taskId", h.id()).containsEntry("taskq.attempt", "1")
        .containsEntry("correlationId", "req-42");
  }

  @Test
  void concurrencyBoundsTasksRunningAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Worker w = worker().concurrency(3).register(JOB, (job, ctx) -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the task's work
      running.decrementAndGet();
      return null;
    }).build();
    workers.add(w);
    for (int i = 0; i < 30; i++) {
      client.submit(JOB, new Job("x", i));
    }

    w.runUntilIdle();

    assertThat(peak.get()).isEqualTo(3);
  }
}
