package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.DeadLetterPolicy;
import io.taskq.DuplicateTaskException;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.TaskIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Unique keys ({@link NewTask#uniqueKey()}) on every {@link Broker}: a key is held by the task
 * that took it while that task is live (pending, scheduled, retrying, active) or until the key's
 * TTL, whichever is later; a task whose key is held is not stored and the holder is reported.
 */
public abstract class UniquenessContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofMinutes(1);

  private NewTask unique(String queue, String key, @Nullable Duration countdown) {
    String id = TaskIds.next();
    return new NewTask(queue, id, TestTasks.CODEC.encode(aTask().withId(id).inQueue(queue)
        .envelope()), countdown, null, 0, key, TTL);
  }

  private NewTask unique(String key) {
    return unique(q, key, null);
  }

  private @Nullable TaskState state(String id) {
    return broker.find(q, id).map(StoredTask::state).orElse(null);
  }

  private ClaimedTask claimOne() {
    List<ClaimedTask> claimed = broker.claim(q, 1, LEASE, "w1");
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Test
  void aSecondTaskWithTheKeyOfAPendingTaskIsNotStoredAndTheHolderIsReported() {
    NewTask first = unique("report:42");
    NewTask second = unique("report:42");

    assertThat(broker.enqueue(List.of(first))).isEqualTo(new EnqueueResult(1, List.of()));
    assertThat(broker.enqueue(List.of(second)))
        .isEqualTo(new EnqueueResult(0, List.of(), Map.of(second.id(), first.id())));

    assertThat(state(second.id())).isNull();
    assertThat(broker.counts(q).pending()).isEqualTo(1);
  }

  @Test
  void oneCallWithTheSameKeyTwiceStoresTheFirstOnly() {
    NewTask a = unique("k");
    NewTask b = unique("k");
    NewTask other = unique("other");

    EnqueueResult r = broker.enqueue(List.of(a, b, other));

    assertThat(r).isEqualTo(new EnqueueResult(2, List.of(), Map.of(b.id(), a.id())));
  }

  @Test
  void keysArePerQueue() {
    String q2 = q.length() > 60 ? q.substring(0, 60) + "-two" : q + "-two";
    assertThat(broker.enqueue(List.of(unique(q, "k", null))).created()).isEqualTo(1);
    assertThat(broker.enqueue(List.of(unique(q2, "k", null))).created()).isEqualTo(1);
  }

  @Test
  void resubmittingTheHoldersOwnIdIsADuplicateId() {
    NewTask first = unique("k");
    broker.enqueue(List.of(first));

    assertThat(broker.enqueue(List.of(first)))
        .isEqualTo(new EnqueueResult(0, List.of(first.id())));
  }

  @Test
  void aLiveTaskHoldsItsKeyPastTheTtlScheduledActiveAndRetrying() {
    NewTask first = unique(q, "k", Duration.ofMinutes(5));
    broker.enqueue(List.of(first));
    clock.advance(TTL.plusSeconds(1)); // past the TTL, still scheduled
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(first.id());

    clock.advance(Duration.ofMinutes(5));
    broker.forwardDue(q, 10);
    ClaimedTask c = claimOne(); // active
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(first.id());

    assertThat(broker.retry(q, c.ref(), c.envelope(), Duration.ofMinutes(10))).isTrue();
    assertThat(state(first.id())).isEqualTo(TaskState.RETRY);
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(first.id());
    assertThat(broker.counts(q).scheduled() + broker.counts(q).pending()).isZero();
  }

  @Test
  void aFinishedTaskHoldsItsKeyUntilTheTtlThenANewTaskTakesIt() {
    NewTask first = unique("k");
    broker.enqueue(List.of(first));
    ClaimedTask c = claimOne();
    assertThat(broker.ack(q, List.of(Ack.of(c.ref())))).isEmpty();

    clock.advance(TTL.minusSeconds(1));
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(first.id());

    clock.advance(Duration.ofSeconds(1));
    NewTask next = unique("k");
    assertThat(broker.enqueue(List.of(next))).isEqualTo(new EnqueueResult(1, List.of()));
    assertThat(state(next.id())).isEqualTo(TaskState.PENDING);
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(next.id());
  }

  @Test
  void aDeadTaskNoLongerHoldsItsKeyPastTheTtl() {
    NewTask first = unique("k");
    broker.enqueue(List.of(first));
    ClaimedTask c = claimOne();
    assertThat(broker.deadLetter(q, c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT)).isTrue();
    assertThat(broker.enqueue(List.of(unique("k"))).uniqueHolders()).containsValue(first.id());

    clock.advance(TTL);

    assertThat(broker.enqueue(List.of(unique("k"))).created()).isEqualTo(1);
  }

  @Test
  void expiredKeysOfGoneTasksAreReleasedWhileTheKeyOfALiveTaskHolds() {
    for (int i = 0; i < 30; i++) { // more than one call trims
      broker.enqueue(List.of(unique("gone-" + i)));
      broker.ack(q, List.of(Ack.of(claimOne().ref())));
    }
    NewTask live = unique("live");
    broker.enqueue(List.of(live));
    clock.advance(TTL.multipliedBy(2));
    for (int i = 0; i < 3; i++) {
      broker.enqueue(List.of(unique("trigger-" + i)));
    }

    assertThat(broker.enqueue(List.of(unique("live"))).uniqueHolders())
        .containsValue(live.id());
    for (int i = 0; i < 30; i++) {
      assertThat(broker.enqueue(List.of(unique("gone-" + i))).created()).isEqualTo(1);
    }
  }

  @Test
  void theClientReturnsTheHoldersHandleOrRefusesWhenAsked() {
    TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT);
    TaskOptions o = TaskOptions.builder().queue(q).uniqueKey("invoice-7", TTL).build();

    TaskHandle first = client.submitJson("test.noop", "{}", o);
    TaskHandle second = client.submitJson("test.noop", "{\"x\":1}", o);

    assertThat(second).isEqualTo(first);
    assertThat(broker.counts(q).pending()).isEqualTo(1);
    assertThatThrownBy(() -> client.submitJson("test.noop", "{}",
        o.toBuilder().rejectDuplicate(true).build()))
        .isInstanceOfSatisfying(DuplicateTaskException.class,
            e -> assertThat(e.taskId()).isEqualTo(first.id()))
        .hasMessageContaining("invoice-7");
    assertThat(broker.counts(q).pending()).isEqualTo(1);
  }
}
