package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prefetch as a worker does it, on a manual clock, against each broker: the worker holds at most
 * its free slots + {@code prefetch} tasks, the reserved ones under leases it extends; a freed
 * slot starts the next reserved task in claim order; shutdown puts reserved tasks back at the
 * head of pending in order; a revoked or expired reserved task ends without running.
 */
public abstract class WorkerPrefetchContractTest {
  private static final int TASKS = 10;
  private static final TaskDefinition<Integer> JOB =
      TaskDefinition.of("test.prefetched", Integer.class).withQueue("jobs");

  private final ManualClock clock = new ManualClock();
  private final List<Integer> starts = new CopyOnWriteArrayList<>();
  private final List<CountDownLatch> release = IntStream.range(0, TASKS)
      .mapToObj(i -> new CountDownLatch(1)).toList();
  private Broker broker;
  private TaskClient client;
  private Inspector inspector;
  private Worker worker;

  /** A fresh, empty broker reading time from {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    broker = newBroker(clock);
  }

  @AfterEach
  void tearDown() {
    release.forEach(CountDownLatch::countDown);
    if (worker != null) {
      closeWorker();
    }
    broker.close();
  }

  private void closeWorker() {
    CompletableFuture<Void> closing = CompletableFuture.runAsync(worker::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      clock.advance(Duration.ofMillis(500));
      return closing.isDone();
    });
  }

  /** Starts a worker on queue {@code jobs} with these slots; task n blocks until released. */
  private void start(int concurrency, int prefetch) {
    QueueConfig queue = QueueConfig.builder("jobs").concurrency(concurrency).prefetch(prefetch)
        .lease(Duration.ofSeconds(3)).build();
    TaskqConfig config = TaskqConfig.DEFAULT.withQueue(queue);
    client = new DefaultTaskClient(broker, config, clock);
    inspector = Inspector.create(broker, config);
    worker = Worker.builder().broker(broker).config(config).queues("jobs")
        .timeSource(TimeSource.of(clock)).register(JOB, (n, ctx) -> {
          starts.add(n);
          release.get(n).await();
          return null;
        }).build().start();
  }

  private List<TaskHandle> submit(int from, int to) {
    List<TaskHandle> handles = new ArrayList<>();
    for (int n = from; n < to; n++) {
      handles.add(client.submit(JOB, n));
    }
    return handles;
  }

  private List<String> ids(TaskState state) {
    return inspector.tasks("jobs", state, 100).stream().map(TaskInfo::id).toList();
  }

  private TaskState state(TaskHandle h) {
    return client.find(h).map(TaskInfo::state).orElse(null);
  }

  private Instant leaseDeadline(TaskHandle h) {
    return Objects.requireNonNull(client.find(h).orElseThrow().dueAt());
  }

  @Test
  void holdsAtMostFreeSlotsPlusPrefetchAndAFreedSlotStartsTheNextReservedTask() {
    start(2, 3);
    List<TaskHandle> h = submit(0, TASKS);

    await().until(() -> starts.size() == 2 && ids(TaskState.ACTIVE).size() == 5);
    assertThat(starts).containsExactlyInAnyOrder(0, 1); // two slots start at once
    assertThat(ids(TaskState.ACTIVE)).hasSize(5)
        .containsAll(h.subList(0, 5).stream().map(TaskHandle::id).toList());
    assertThat(ids(TaskState.PENDING)).hasSize(TASKS - 5);

    release.get(0).countDown(); // the freed slot starts task 2, the refill claims task 5
    await().until(() -> starts.size() == 3 && ids(TaskState.PENDING).size() == TASKS - 6);
    assertThat(starts.get(2)).isEqualTo(2); // the first reserved, not a later one
    assertThat(state(h.get(0))).isEqualTo(TaskState.SUCCEEDED);
    assertThat(ids(TaskState.ACTIVE)).hasSize(5).contains(h.get(5).id());

    release.forEach(CountDownLatch::countDown);
    await().until(() -> h.stream().allMatch(x -> state(x) == TaskState.SUCCEEDED));
    assertThat(starts).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, TASKS).boxed().toList());
  }

  @Test
  void prefetchZeroClaimsForFreeSlotsOnly() {
    start(2, 0);
    List<TaskHandle> h = submit(0, 5);

    await().until(() -> starts.size() == 2);
    assertThat(ids(TaskState.ACTIVE)).hasSize(2);
    assertThat(ids(TaskState.PENDING)).containsExactlyElementsOf(
        h.subList(2, 5).stream().map(TaskHandle::id).toList());

    release.get(1).countDown();
    await().until(() -> starts.size() == 3);
    assertThat(ids(TaskState.ACTIVE)).hasSize(2);
    assertThat(ids(TaskState.PENDING)).hasSize(2);
  }

  @Test
  void shutdownPutsReservedTasksBackAtTheHeadOfPendingInOrder() {
    start(1, 3);
    List<TaskHandle> h = submit(0, 6);
    await().until(() -> starts.size() == 1 && ids(TaskState.ACTIVE).size() == 4);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(worker::close);
    // at once, while task 0 still runs within the shutdown grace
    await().until(() -> ids(TaskState.PENDING).size() == 5);
    assertThat(ids(TaskState.PENDING)).containsExactlyElementsOf(
        h.subList(1, 6).stream().map(TaskHandle::id).toList());
    assertThat(ids(TaskState.ACTIVE)).containsExactly(h.get(0).id());
    assertThat(closing).isNotDone();

    release.get(0).countDown();
    await().until(closing::isDone);
    assertThat(starts).containsExactly(0);
    assertThat(state(h.get(0))).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void leasesOfReservedTasksAreExtended() {
    start(1, 2);
    List<TaskHandle> h = submit(0, 3);
    await().until(() -> starts.size() == 1 && ids(TaskState.ACTIVE).size() == 3);
    Instant first = leaseDeadline(h.get(2));

    // well past the first deadline (lease 3 s): the heartbeat keeps extending it
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      clock.advance(Duration.ofMillis(200));
      return leaseDeadline(h.get(2)).isAfter(first.plusSeconds(6));
    });
    assertThat(state(h.get(2))).isEqualTo(TaskState.ACTIVE);
    assertThat(client.find(h.get(2)).orElseThrow().crashRecoveries()).isZero();
    assertThat(starts).containsExactly(0);

    release.forEach(CountDownLatch::countDown);
    await().until(() -> h.stream().allMatch(x -> state(x) == TaskState.SUCCEEDED));
    assertThat(starts).containsExactly(0, 1, 2);
  }

  @Test
  void revokedOrExpiredReservedTasksEndWithoutRunning() {
    start(1, 3);
    TaskHandle running = client.submit(JOB, 0);
    TaskHandle revoked = client.submit(JOB, 1);
    TaskHandle expiring = client.submit(JOB, 2, TaskOptions.builder()
        .expiresIn(Duration.ofSeconds(5)).build());
    TaskHandle next = client.submit(JOB, 3);
    await().until(() -> starts.size() == 1 && ids(TaskState.ACTIVE).size() == 4);

    assertThat(client.revoke(revoked)).isEqualTo(TaskState.ACTIVE);
    await().until(() -> state(revoked) == TaskState.REVOKED);
    clock.advance(Duration.ofSeconds(6)); // task 2 waits reserved past its expiry
    release.get(0).countDown();

    await().until(() -> state(expiring) == TaskState.EXPIRED);
    assertThat(client.find(expiring).orElseThrow().lastError().type()).isEqualTo("Expired");
    release.get(3).countDown();
    await().until(() -> state(next) == TaskState.SUCCEEDED);
    assertThat(state(running)).isEqualTo(TaskState.SUCCEEDED);
    assertThat(starts).containsExactly(0, 3);
  }
}
