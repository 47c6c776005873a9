package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.DeadLetterPolicy;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.DefaultTaskClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The priority contract every {@link Broker} meets: higher priorities are claimed first, FIFO
 * within one priority, and a task keeps its priority through retries, crash recoveries, requeues
 * (to the head of its own priority) and DLQ replays. A broker module extends this class.
 */
public abstract class PriorityContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** Enqueues a ready task of {@code priority}; returns its id. */
  protected String enqueue(int priority) {
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(new NewTask(q, t.id(), t.envelope(), null, null, priority, null,
        null)));
    return t.id();
  }

  /** Claims everything pending; returns the ids in claim order. */
  protected List<String> claimAll() {
    return broker.claim(q, 1000, LEASE, "w1").stream().map(ClaimedTask::id).toList();
  }

  private ClaimedTask claimOne() {
    List<ClaimedTask> claimed = broker.claim(q, 1, LEASE, "w1");
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Test
  void higherPrioritiesAreClaimedFirstAndFifoWithinOnePriority() {
    String a = enqueue(0);
    String b = enqueue(5);
    String c = enqueue(0);
    String d = enqueue(9);
    String e = enqueue(5);
    String f = enqueue(1);

    assertThat(broker.admin().ids(q, TaskState.PENDING, 10)).containsExactly(d, b, e, f, a, c);
    assertThat(broker.counts(q).pending()).isEqualTo(6);
    assertThat(claimAll()).containsExactly(d, b, e, f, a, c);
  }

  @Test
  void oneBatchOfMixedPrioritiesIsOrderedLikeSingleSubmissions() {
    List<NewTask> batch = new ArrayList<>();
    int[] priorities = {0, 5, 0, 5, 9, 5, 0};
    for (int p : priorities) {
      NewTask t = aTask().inQueue(q).build();
      batch.add(new NewTask(q, t.id(), t.envelope(), null, null, p, null, null));
    }
    broker.enqueue(batch);
    assertThat(claimAll()).containsExactly(batch.get(4).id(), batch.get(1).id(),
        batch.get(3).id(), batch.get(5).id(), batch.get(0).id(), batch.get(2).id(),
        batch.get(6).id());
  }

  @Test
  void crashRecoveriesOfSeveralTasksKeepTheirOrderAtTheHeadOfTheirPriority() {
    String x = enqueue(3);
    String y = enqueue(3);
    assertThat(broker.claim(q, 2, LEASE, "w1")).hasSize(2);
    String z = enqueue(3);
    String low = enqueue(0);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(broker.reap(q, new ReapRequest(1000, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO))
        .recovered()).containsExactlyInAnyOrder(x, y);
    assertThat(claimAll()).containsExactly(x, y, z, low);
  }

  @Test
  void aBatchClaimTakesTheHighestFirstAndLeavesTheRestInOrder() {
    List<String> low = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      low.add(enqueue(0));
    }
    String high = enqueue(9);

    assertThat(broker.claim(q, 2, LEASE, "w1")).extracting(ClaimedTask::id)
        .containsExactly(high, low.get(0));
    assertThat(claimAll()).containsExactlyElementsOf(low.subList(1, 5));
  }

  @Test
  void withoutPrioritiesClaimsAreFifo() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(enqueue(0));
    }
    assertThat(claimAll()).containsExactlyElementsOf(ids);
  }

  @Test
  void aBacklogOfPriorityZeroKeepsItsOrderWhenTheFirstHigherPriorityArrives() {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      before.add(enqueue(0));
    }
    String high = enqueue(4);
    String after = enqueue(0);

    for (String id : before) {
      assertThat(broker.find(q, id).orElseThrow().state()).isEqualTo(TaskState.PENDING);
    }
    List<String> expected = new ArrayList<>(List.of(high));
    expected.addAll(before);
    expected.add(after);
    assertThat(claimAll()).containsExactlyElementsOf(expected);

    // drained: a FIFO queue again
    String x = enqueue(0);
    String y = enqueue(0);
    assertThat(claimAll()).containsExactly(x, y);
  }

  @Test
  void aRetryGoesBackToItsOwnPriority() {
    String low = enqueue(0);
    String high = enqueue(7);
    ClaimedTask claimed = claimOne();
    assertThat(claimed.id()).isEqualTo(high);
    assertThat(broker.retry(q, claimed.ref(), claimed.envelope(), Duration.ofSeconds(5)))
        .isTrue();
    String later = enqueue(0);

    clock.advance(Duration.ofSeconds(6));
    assertThat(broker.forwardDue(q, 100)).isEqualTo(1);
    assertThat(claimAll()).containsExactly(high, low, later);
  }

  @Test
  void aScheduledTaskIsPendingAtItsPriorityWhenDue() {
    String low = enqueue(0);
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(new NewTask(q, t.id(), t.envelope(), Duration.ofSeconds(3), null, 8,
        null, null)));
    clock.advance(Duration.ofSeconds(4));
    broker.forwardDue(q, 100);
    assertThat(claimAll()).containsExactly(t.id(), low);
  }

  @Test
  void aRequeuedTaskGoesToTheHeadOfItsOwnPriority() {
    String a = enqueue(5);
    String b = enqueue(5);
    String top = enqueue(9);
    String low = enqueue(0);
    List<ClaimedTask> claimed = broker.claim(q, 2, LEASE, "w1");
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(top, a);
    String c = enqueue(5);

    assertThat(broker.requeue(q, claimed.get(1).ref())).isTrue();
    assertThat(claimAll()).containsExactly(a, b, c, low);
  }

  @Test
  void aCrashRecoveryGoesToTheHeadOfItsOwnPriority() {
    String a = enqueue(3);
    claimOne();
    String low = enqueue(0);
    String b = enqueue(3);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(broker.reap(q, new ReapRequest(1000, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO))
        .recovered()).containsExactly(a);
    assertThat(claimAll()).containsExactly(a, b, low);
  }

  @Test
  void aReplayedTaskKeepsItsPriority() {
    String a = enqueue(6);
    ClaimedTask claimed = claimOne();
    assertThat(broker.deadLetter(q, claimed.ref(), claimed.envelope(), DeadLetterPolicy.DEFAULT))
        .isTrue();
    String low = enqueue(0);
    String same = enqueue(6);

    assertThat(broker.admin().replay(q, a, claimed.envelope())).isTrue();
    assertThat(claimAll()).containsExactly(same, a, low);
  }

  @Test
  void aFinishedTaskLeavesNoPriorityBehindForItsId() {
    String a = enqueue(9);
    ClaimedTask first = claimOne();
    assertThat(broker.ack(q, List.of(Ack.of(first.ref())))).isEmpty();

    // the same id again, now at priority 0: a requeue must not find the old priority
    String b = enqueue(0);
    NewTask again = aTask().inQueue(q).withId(a).build();
    broker.enqueue(List.of(again));
    List<ClaimedTask> claimed = broker.claim(q, 2, LEASE, "w1");
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(b, a);
    broker.requeue(q, claimed.get(1).ref());
    broker.requeue(q, claimed.get(0).ref());
    assertThat(claimAll()).containsExactly(b, a);
  }

  @Test
  void purgeEmptiesPendingOfEveryPriority() {
    enqueue(0);
    enqueue(9);
    enqueue(3);
    assertThat(broker.admin().purge(q, TaskState.PENDING)).isEqualTo(3);
    assertThat(broker.counts(q).pending()).isZero();
    FsckScan scan = broker.admin().scan(q, Instant.EPOCH);
    assertThat(scan.orphanIds()).isEmpty();
    assertThat(scan.danglingIds()).isEmpty();

    String x = enqueue(0);
    assertThat(claimAll()).containsExactly(x);
  }

  @Test
  void fsckFindsNothingWrongWithPendingOfSeveralPriorities() {
    enqueue(0);
    enqueue(9);
    FsckScan scan = broker.admin().scan(q, Instant.EPOCH);
    assertThat(scan.danglingIds()).isEmpty();
    assertThat(scan.orphanIds()).isEmpty();
    assertThat(scan.duplicateIds()).isEmpty();
  }

  @Test
  void theClientAppliesTheQueuesLevels() {
    TaskqConfig config = TaskqConfig.DEFAULT
        .withQueue(QueueConfig.builder(q).priorities(3).build())
        .withQueue(QueueConfig.builder(q + "-fifo").build());
    TaskClient client = TaskClient.create(broker, config);
    TaskHandle two = client.submitJson("test.noop", "{}", opts(q, 2));
    TaskHandle nine = client.submitJson("test.noop", "{}", opts(q, 9)); // capped at 2
    TaskHandle one = client.submitJson("test.noop", "{}", opts(q, 1));
    assertThat(claimAll()).containsExactly(two.id(), nine.id(), one.id());

    String fifo = q + "-fifo";
    TaskHandle first = client.submitJson("test.noop", "{}", opts(fifo, 0));
    TaskHandle second = client.submitJson("test.noop", "{}", opts(fifo, 9)); // ignored
    assertThat(broker.claim(fifo, 10, LEASE, "w1")).extracting(ClaimedTask::id)
        .containsExactly(first.id(), second.id());
  }

  @Test
  void lagIsTheAgeOfTheOldestPendingTaskWhateverItsPriority() {
    TaskqConfig config = TaskqConfig.DEFAULT
        .withQueue(QueueConfig.builder(q).priorities(10).build());
    TaskClient client = new DefaultTaskClient(broker, config, clock);
    client.submitJson("test.noop", "{}", opts(q, 0));
    clock.advance(Duration.ofMinutes(10));
    client.submitJson("test.noop", "{}", opts(q, 9));
    client.submitJson("test.noop", "{}", opts(q, 4));
    clock.advance(Duration.ofMinutes(1));

    assertThat(broker.admin().pendingHeads(q)).hasSize(3);
    assertThat(Inspector.create(broker, config).stats(q).lag()).isEqualTo(Duration.ofMinutes(11));
  }

  private static TaskOptions opts(String queue, int priority) {
    return TaskOptions.builder().queue(queue).priority(priority).build();
  }
}
