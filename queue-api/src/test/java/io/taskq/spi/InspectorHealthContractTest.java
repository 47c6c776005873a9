package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Health;
import io.taskq.Health.Status;
import io.taskq.Inspector;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Inspector#health} on every broker. */
public abstract class InspectorHealthContractTest {
  private static final String Q = "health-q";

  protected ManualClock clock;
  protected Broker broker;
  protected Inspector inspector;

  /** A broker with no data, following {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    clock = new ManualClock();
    broker = newBroker(clock);
    inspector = Inspector.create(broker, TaskqConfig.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private void heartbeat(String id, String queue) {
    broker.workerHeartbeat(new WorkerInfo(id, "h", 1, List.of(queue), 4, 0, clock.instant(),
        clock.instant()), Duration.ofMinutes(5));
  }

  @Test
  void upWhenTheBrokerAnswersAndEveryQueueWithWorkIsServed() {
    broker.enqueue(List.of(aTask().inQueue(Q).build()));
    heartbeat("w-1", Q);

    Health h = inspector.health();

    assertThat(h.status()).isEqualTo(Status.UP);
    assertThat(h.broker().status()).isEqualTo(Status.UP);
    assertThat(h.broker().latency()).isNotNull();
    assertThat(h.broker().error()).isNull();
    assertThat(h.queues()).singleElement().satisfies(q -> {
      assertThat(q.name()).isEqualTo(Q);
      assertThat(q.stats()).isNotNull();
      assertThat(q.stats().pending()).isEqualTo(1);
      assertThat(q.liveWorkers()).isEqualTo(1);
      assertThat(q.problems()).isEmpty();
    });
    assertThat(h.staleWorkers()).isEmpty();
  }

  @Test
  void degradedWhenPendingTasksHaveNoLiveWorkerUnlessTheQueueIsPaused() {
    broker.enqueue(List.of(aTask().inQueue(Q).build(), aTask().inQueue(Q).build()));

    Health h = inspector.health();
    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.queues()).singleElement().satisfies(q -> {
      assertThat(q.status()).isEqualTo(Status.DEGRADED);
      assertThat(q.problems()).containsExactly("2 pending and no live worker");
    });

    inspector.pause(Q);
    assertThat(inspector.health().status()).isEqualTo(Status.UP);
  }

  @Test
  void aStaleWorkerHeartbeatDegrades() {
    heartbeat("w-old", Q);
    clock.advance(Duration.ofSeconds(20));

    Health h = inspector.health();

    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.staleWorkers()).singleElement()
        .satisfies(w -> assertThat(w.id()).isEqualTo("w-old"));
  }

  @Test
  void checksJustTheQueuesAskedForInTheirOrder() {
    broker.enqueue(List.of(aTask().inQueue(Q).build()));

    Health h = inspector.health(List.of("zz", "aa"));

    assertThat(h.queues()).extracting(Health.QueueHealth::name).containsExactly("zz", "aa");
    assertThat(h.status()).isEqualTo(Status.UP);
  }
}
