package io.taskq.worker.internal;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.QueueConfig;
import io.taskq.TaskState;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.embedded.ManualClock;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the reaper runs its next pass: at the earliest lease deadline, within bounds. */
class LeaseReaperTest {
  private final ManualClock clock = new ManualClock();
  private final EmbeddedBroker broker = new EmbeddedBroker(clock);
  private final QueueConfig jobs = QueueConfig.builder("jobs").lease(Duration.ofSeconds(30))
      .build();
  private final LeaseReaper reaper = new LeaseReaper(broker, List.of(jobs), new BrokerHealth(),
      new WorkerEvents() {}, TimeSource.of(clock));

  @AfterEach
  void close() {
    reaper.close();
    broker.close();
  }

  private String claimedByADeadWorker() {
    broker.enqueue(List.of(aTask().inQueue("jobs").build()));
    return broker.claim("jobs", 1, jobs.lease(), "dead-worker").get(0).id();
  }

  @Test
  void anIdleQueueIsPassedOncePerLease() {
    assertThat(reaper.reap(jobs)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aClaimRightAfterAnIdlePassIsRecoveredWellWithinLeaseAndAThird() {
    Duration wait = reaper.reap(jobs);
    clock.advance(Duration.ofMillis(1));
    String orphan = claimedByADeadWorker();
    clock.advance(wait.minusMillis(1));
    Duration next = reaper.reap(jobs);
    assertThat(next).as("deadline 1 ms away: the guard's lease/50").isEqualTo(
        Duration.ofMillis(600));
    clock.advance(next);
    reaper.reap(jobs);
    assertThat(broker.find("jobs", orphan).orElseThrow().state()).as("back after lease + 0.6 s")
        .isEqualTo(TaskState.PENDING);
  }

  @Test
  void aLeaseDueBeforeTheLongestWaitIsReapedJustPastItsDeadline() {
    String orphan = claimedByADeadWorker();
    clock.advance(Duration.ofSeconds(10));
    assertThat(reaper.reap(jobs)).as("20 s away: the longest wait")
        .isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofMillis(17_700));
    assertThat(reaper.reap(jobs)).as("deadline in 2.3 s").isEqualTo(Duration.ofMillis(2_301));
    assertThat(broker.find("jobs", orphan).orElseThrow().state()).isEqualTo(TaskState.ACTIVE);
    clock.advance(Duration.ofMillis(2_301));
    reaper.reap(jobs);
    assertThat(broker.find("jobs", orphan).orElseThrow().state()).isEqualTo(TaskState.PENDING);
  }

  @Test
  void passesAreNeverCloserThanTheGuard() {
    claimedByADeadWorker();
    clock.advance(Duration.ofMillis(29_999));
    assertThat(reaper.reap(jobs)).as("lease/50 at least").isEqualTo(Duration.ofMillis(600));
    clock.advance(Duration.ofMillis(100));
    assertThat(reaper.reap(jobs)).as("skipped under the guard: wait for its release")
        .isEqualTo(Duration.ofMillis(600));
  }
}
