package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskError;
import io.taskq.TaskFailedException;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskResult;
import io.taskq.TaskState;
import io.taskq.WaitTimeoutException;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of finished tasks every {@link Broker} meets: a record of each final state kept
 * for the queue's result TTL (SUCCEEDED with or without a result, DEAD with its error), lookups and
 * listings by the record's state, and waiting woken by {@link Broker#watchFinished} (through
 * {@link TaskClient#whenFinished} and {@link TaskHandle#await}). A broker module extends this
 * class and supplies {@link #newBroker(ManualClock)}.
 */
public abstract class RecordsContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofHours(1);
  private static final DeadLetterPolicy CAPS = DeadLetterPolicy.DEFAULT;

  /** A result type bound by {@link TaskHandle#await}. */
  public record Sum(int sum) {}

  protected TaskClient client;

  @BeforeEach
  void createClient() {
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  protected ClaimedTask enqueueAndClaim() {
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    List<ClaimedTask> claimed = broker.claim(q, 1, LEASE, "w1");
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  protected TaskRecord succeeded() {
    return new TaskRecord(TaskState.SUCCEEDED, "test.noop", ManualClock.START,
        clock.instant().minusMillis(20), clock.instant(), 1, "w1");
  }

  private TaskRecord dead(String type, String message) {
    return new TaskRecord(TaskState.DEAD, "test.noop", ManualClock.START,
        clock.instant().minusMillis(20), clock.instant(), 3, "w1",
        TaskError.reason(type, message));
  }

  protected void ack(ClaimedTask c, String result) {
    assertThat(broker.ack(q, List.of(new Ack(c.ref(), result, TTL, succeeded())))).isEmpty();
  }

  @Test
  void aSuccessWithoutAResultKeepsASucceededRecord() {
    ClaimedTask c = enqueueAndClaim();
    TaskRecord record = succeeded();
    broker.ack(q, List.of(new Ack(c.ref(), null, TTL, record)));

    StoredTask s = broker.find(q, c.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(s.record()).isEqualTo(record);
    assertThat(s.result()).isNull();
    TaskResult r = client.result(new TaskHandle<>(c.id(), q)).orElseThrow();
    assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(r.resultJson()).isNull();
    assertThat(r.finishedAt()).isEqualTo(clock.instant());
    assertThat(client.find(new TaskHandle<>(c.id(), q)).orElseThrow().taskName())
        .isEqualTo("test.noop");
  }

  @Test
  void aDeadLetteredTaskKeepsADeadRecordWithItsErrorAfterTheDlqDropsIt() {
    ClaimedTask c = enqueueAndClaim();
    String envelope = aTask().inQueue(q).withId(c.id()).build().envelope();
    assertThat(broker.deadLetter(q, c.ref(), envelope, CAPS, dead("java.io.IOException", "disk"),
        TTL)).isTrue();
    StoredTask inDlq = broker.find(q, c.id()).orElseThrow();
    assertThat(inDlq.state()).isEqualTo(TaskState.DEAD);
    assertThat(inDlq.envelope()).isEqualTo(envelope);

    assertThat(broker.admin().deleteDead(q, List.of(c.id()))).isEqualTo(1);
    StoredTask kept = broker.find(q, c.id()).orElseThrow();
    assertThat(kept.state()).isEqualTo(TaskState.DEAD);
    assertThat(kept.envelope()).isNull();
    assertThat(kept.record().error()).isEqualTo(TaskError.reason("java.io.IOException", "disk"));
    TaskResult r = client.result(new TaskHandle<>(c.id(), q)).orElseThrow();
    assertThat(r.state()).isEqualTo(TaskState.DEAD);
    assertThat(r.error()).isEqualTo(TaskError.reason("java.io.IOException", "disk"));
    TaskInfo info = client.find(new TaskHandle<>(c.id(), q)).orElseThrow();
    assertThat(info.lastError().type()).isEqualTo("java.io.IOException");
  }

  @Test
  void anErrorMessageWithBarsAndPercentSurvivesTheRecord() {
    ClaimedTask c = enqueueAndClaim();
    TaskRecord record = dead("x.Y", "a|b %7C 100% |");
    broker.deadLetter(q, c.ref(), c.envelope(), CAPS, record, TTL);
    broker.admin().deleteDead(q, List.of(c.id()));
    assertThat(broker.find(q, c.id()).orElseThrow().record()).isEqualTo(record);
  }

  @Test
  void aPoisonPillTheReaperDeadLettersKeepsACrashedRecordWithItsName() {
    ClaimedTask c = enqueueAndClaim();
    broker.markStarted(q, List.of(c.ref()));
    clock.advance(LEASE.plusSeconds(1));
    ReapResult r = broker.reap(q, new ReapRequest(100, 0, CAPS, Duration.ZERO, TTL));
    assertThat(r.deadLettered()).containsExactly(c.id());
    broker.admin().deleteDead(q, List.of(c.id()));

    TaskRecord record = broker.find(q, c.id()).orElseThrow().record();
    assertThat(record.state()).isEqualTo(TaskState.DEAD);
    assertThat(record.taskName()).isEqualTo("test.noop");
    assertThat(record.workerId()).isEqualTo("w1");
    assertThat(record.finishedAt()).isEqualTo(clock.instant());
    assertThat(record.error()).isEqualTo(TaskError.reason("Crashed", "crashed worker 1 times"));
  }

  @Test
  void recordsLastForTheResultTtlAndAZeroTtlKeepsNone() {
    ClaimedTask kept = enqueueAndClaim();
    ClaimedTask unkept = enqueueAndClaim();
    broker.ack(q, List.of(new Ack(kept.ref(), "1", Duration.ofMinutes(10), succeeded()),
        new Ack(unkept.ref(), "2", Duration.ZERO, succeeded())));
    assertThat(broker.find(q, unkept.id())).isEmpty();

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(broker.find(q, kept.id())).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(broker.find(q, kept.id())).isEmpty();
    assertThat(broker.result(q, kept.id())).isEmpty();
  }

  @Test
  void findAndListingsGoByTheRecordsFinalState() {
    ClaimedTask ok = enqueueAndClaim();
    ClaimedTask revoked = enqueueAndClaim();
    ClaimedTask expired = enqueueAndClaim();
    TaskRecord r = succeeded();
    broker.ack(q, List.of(new Ack(ok.ref(), "{}", TTL, r),
        new Ack(revoked.ref(), null, TTL, new TaskRecord(TaskState.REVOKED, r.taskName(),
            r.createdAt(), null, r.finishedAt(), 0, null, TaskError.reason("Revoked", "by op"))),
        new Ack(expired.ref(), null, TTL, new TaskRecord(TaskState.EXPIRED, r.taskName(),
            r.createdAt(), null, r.finishedAt(), 0, null, null))));

    assertThat(broker.find(q, revoked.id()).orElseThrow().state()).isEqualTo(TaskState.REVOKED);
    assertThat(broker.find(q, expired.id()).orElseThrow().state()).isEqualTo(TaskState.EXPIRED);
    assertThat(broker.admin().ids(q, TaskState.SUCCEEDED, 10)).containsExactly(ok.id());
    assertThat(broker.admin().ids(q, TaskState.REVOKED, 10)).containsExactly(revoked.id());
    assertThat(broker.admin().ids(q, TaskState.EXPIRED, 10)).containsExactly(expired.id());
    TaskResult rr = client.result(new TaskHandle<>(revoked.id(), q)).orElseThrow();
    assertThat(rr.state()).isEqualTo(TaskState.REVOKED);
    assertThat(rr.error()).isEqualTo(TaskError.reason("Revoked", "by op"));
  }

  @Test
  void aResultIsEmptyWhileTheTaskIsLive() {
    ClaimedTask c = enqueueAndClaim();
    assertThat(client.result(new TaskHandle<>(c.id(), q))).isEmpty();
  }

  @Test
  void watchFinishedTellsEveryFinalTransitionUntilClosed() {
    List<String> told = new CopyOnWriteArrayList<>();
    FinishWatch watch = broker.watchFinished(q, (queue, id) -> {
      assertThat(queue).isEqualTo(q);
      told.add(id);
    });
    ClaimedTask acked = enqueueAndClaim();
    ack(acked, "1");
    ClaimedTask dead = enqueueAndClaim();
    broker.deadLetter(q, dead.ref(), dead.envelope(), CAPS, dead("X", "y"), TTL);
    ClaimedTask crashed = enqueueAndClaim();
    clock.advance(LEASE.plusSeconds(1));
    broker.reap(q, new ReapRequest(100, 0, CAPS, Duration.ZERO, TTL));
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(told).containsExactlyInAnyOrder(acked.id(), dead.id(), crashed.id()));

    watch.close();
    watch.close();
    ClaimedTask after = enqueueAndClaim();
    ack(after, "2");
    // a notice published before the close is delivered by now; one after it never comes
    FinishWatch probe = broker.watchFinished(q, (queue, id) -> told.add("probe:" + id));
    ClaimedTask marker = enqueueAndClaim();
    ack(marker, "3");
    await().atMost(5, TimeUnit.SECONDS).until(() -> told.contains("probe:" + marker.id()));
    probe.close();
    assertThat(told).doesNotContain(after.id());
  }

  @Test
  void aWaiterRegisteredBeforeTheTaskEndsIsWokenWithItsResult() throws Exception {
    ClaimedTask c = enqueueAndClaim();
    TaskHandle<Sum> h = client.handle(c.id(), q, Sum.class);
    CompletableFuture<Sum> sum = h.awaitAsync(Duration.ofSeconds(10));
    CompletableFuture<TaskResult> done = client.whenFinished(h);
    assertThat(sum).isNotDone();
    assertThat(done).isNotDone();

    ack(c, "{\"sum\":3}");
    assertThat(sum.get(5, TimeUnit.SECONDS)).isEqualTo(new Sum(3));
    TaskResult r = done.get(5, TimeUnit.SECONDS);
    assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(r.resultJson()).isEqualTo("{\"sum\":3}");
  }

  @Test
  void waitingOnAFinishedTaskReturnsAtOnce() throws Exception {
    ClaimedTask c = enqueueAndClaim();
    ack(c, "{\"sum\":5}");
    TaskHandle<Sum> h = client.handle(c.id(), q, Sum.class);
    CompletableFuture<TaskResult> done = client.whenFinished(h);
    assertThat(done).as("completed by the first read, before returning").isDone();
    assertThat(h.await(Duration.ofMillis(1))).isEqualTo(new Sum(5));
  }

  @Test
  void awaitingATaskThatEndsDeadThrowsWithItsError() {
    ClaimedTask c = enqueueAndClaim();
    TaskHandle<Sum> h = client.handle(c.id(), q, Sum.class);
    CompletableFuture<Sum> sum = h.awaitAsync(Duration.ofSeconds(10));
    broker.deadLetter(q, c.ref(), c.envelope(), CAPS, dead("java.lang.IllegalStateException",
        "no stock"), TTL);

    await().atMost(5, TimeUnit.SECONDS).until(sum::isDone);
    assertThatThrownBy(sum::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.state()).isEqualTo(TaskState.DEAD);
          assertThat(e.error()).isEqualTo(
              TaskError.reason("java.lang.IllegalStateException", "no stock"));
        });
    assertThatThrownBy(() -> h.await(Duration.ofSeconds(1)))
        .isInstanceOf(TaskFailedException.class).hasMessageContaining("no stock");
  }

  @Test
  void awaitTimesOutWhileTheTaskIsLiveAndLeavesNoWaiterBehind() {
    ClaimedTask c = enqueueAndClaim();
    TaskHandle<Sum> h = client.handle(c.id(), q, Sum.class);
    assertThatThrownBy(() -> h.await(Duration.ofMillis(50)))
        .isInstanceOf(WaitTimeoutException.class).hasMessageContaining(c.id());
    // the task still ends normally, and a later wait sees it
    ack(c, "{\"sum\":1}");
    assertThat(h.await(Duration.ofSeconds(5))).isEqualTo(new Sum(1));
  }

  @Test
  void waitingOnAnUnknownTaskFailsWithNotFound() {
    TaskHandle<Sum> h = client.handle("no-such-task", q, Sum.class);
    assertThatThrownBy(() -> h.await(Duration.ofSeconds(1)))
        .isInstanceOf(TaskNotFoundException.class);
  }

  @Test
  void manyWaitersOfOneTaskAndOfManyTasksAreAllWoken() throws Exception {
    List<ClaimedTask> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tasks.add(enqueueAndClaim());
    }
    List<CompletableFuture<Sum>> waits = new java.util.ArrayList<>();
    for (ClaimedTask c : tasks) {
      for (int j = 0; j < 3; j++) {
        waits.add(client.handle(c.id(), q, Sum.class).awaitAsync(Duration.ofSeconds(10)));
      }
    }
    List<Ack> acks = new java.util.ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      acks.add(new Ack(tasks.get(i).ref(), "{\"sum\":" + i + "}", TTL, succeeded()));
    }
    broker.ack(q, acks);
    CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < waits.size(); i++) {
      assertThat(waits.get(i).get()).isEqualTo(new Sum(i / 3));
    }
  }

  /** The time the clock shows, for subclasses. */
  protected Instant now() {
    return clock.instant();
  }
}
