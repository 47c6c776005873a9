package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of every broker's {@link QueueAdmin}. */
public abstract class QueueAdminContractTest {
  private static final String Q = "admin-q";

  protected ManualClock clock;
  protected Broker broker;
  private QueueAdmin admin;

  /** A broker with no data, following {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    clock = new ManualClock();
    broker = newBroker(clock);
    admin = broker.admin();
  }

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private NewTask enqueue(String id) {
    NewTask t = aTask().inQueue(Q).withId(id).build();
    broker.enqueue(List.of(t));
    return t;
  }

  private void kill(String id) {
    enqueue(id);
    ClaimedTask c = broker.claim(Q, 1, Duration.ofSeconds(30), "w").get(0);
    broker.deadLetter(Q, c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);
  }

  @Test
  void listsIdsPerStateInOrder() {
    enqueue("a");
    enqueue("b");
    broker.enqueue(List.of(aTask().inQueue(Q).withId("later").withCountdown(Duration.ofHours(1))
        .build()));

    assertThat(admin.ids(Q, TaskState.PENDING, 10)).containsExactly("a", "b");
    assertThat(admin.ids(Q, TaskState.PENDING, 1)).containsExactly("a");
    assertThat(admin.ids(Q, TaskState.SCHEDULED, 10)).containsExactly("later");
  }

  @Test
  void forgetRemovesAnEmptyQueueFromTheRegistryAndRefusesOneWithTasks() {
    kill("dead-1");
    assertThat(admin.forget(Q)).isFalse();
    assertThat(broker.queues()).contains(Q);

    admin.purge(Q, io.taskq.TaskState.DEAD);
    assertThat(admin.forget(Q)).isTrue();
    assertThat(broker.queues()).doesNotContain(Q);
  }

  @Test
  void purgeDeletesOneStateAndNeverActiveTasks() {
    for (int i = 0; i < 2500; i++) {
      enqueue("p" + i);
    }
    broker.claim(Q, 1, Duration.ofSeconds(30), "w");

    assertThat(admin.purge(Q, TaskState.PENDING)).isEqualTo(2499);
    assertThat(broker.counts(Q)).isEqualTo(new QueueCounts(0, 1, 0, 0, 0));
    assertThat(broker.find(Q, "p5")).isEmpty();
    assertThatThrownBy(() -> admin.purge(Q, TaskState.ACTIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replayMovesADeadTaskBackToPendingOnce() {
    kill("d");

    assertThat(admin.replay(Q, "d", "{\"replayed\":true}")).isTrue();
    assertThat(admin.replay(Q, "d", "{}")).isFalse();
    assertThat(broker.find(Q, "d").orElseThrow().state()).isEqualTo(TaskState.PENDING);
    assertThat(broker.find(Q, "d").orElseThrow().envelope()).isEqualTo("{\"replayed\":true}");
  }

  @Test
  void deleteDeadRemovesOnlyDeadTasks() {
    kill("d1");
    kill("d2");
    enqueue("live");

    assertThat(admin.deleteDead(Q, List.of("d1", "live", "nope"))).isEqualTo(1);
    assertThat(broker.counts(Q).dead()).isEqualTo(1);
    assertThat(broker.find(Q, "live")).isPresent();
  }

  @Test
  void expiredActiveTasksAreFoundAndReturnedToPending() {
    enqueue("a");
    broker.claim(Q, 1, Duration.ofSeconds(30), "w");
    assertThat(admin.scan(Q, clock.instant()).expiredActive()).isEmpty();

    clock.advance(Duration.ofMinutes(10));
    FsckScan scan = admin.scan(Q, clock.instant().minus(Duration.ofMinutes(5)));

    assertThat(scan.expiredActive()).containsExactly("a");
    assertThat(scan.danglingIds()).isEmpty();
    assertThat(scan.orphanIds()).isEmpty();
    assertThat(admin.repair(Q, FsckProblem.EXPIRED_ACTIVE, scan.expiredActive(),
        clock.instant().minus(Duration.ofMinutes(5)))).isEqualTo(1);
    assertThat(broker.find(Q, "a").orElseThrow().state()).isEqualTo(TaskState.PENDING);
    assertThat(admin.repair(Q, FsckProblem.ORPHAN_PAYLOAD, List.of("a"), clock.instant()))
        .isZero();
  }
}
