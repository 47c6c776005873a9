package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import io.taskq.worker.internal.Quarantine.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuarantineTest {
  private final QueueConfig jobs = QueueConfig.builder("jobs").maxCrashes(3).build();
  private final QueueConfig other = QueueConfig.builder("other").maxCrashes(3).build();
  private final ActiveTasks active = new ActiveTasks(Map.of("jobs", 8, "other", 8),
      TimeSource.system());
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private int ids;

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private RunningTask task(QueueConfig queue, int crashes) {
    int n = ++ids;
    RunningTask t = new RunningTask(new ClaimedTask(queue.name(), "t" + n, "{}", "tok" + n,
        Instant.EPOCH, Instant.EPOCH, crashes), queue, TimeSource.system());
    active.add(t);
    return t;
  }

  private CompletableFuture<Quarantine.Turn> turn(RunningTask t) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return active.awaitTurn(t);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, threads);
  }

  @Test
  void onlyTheLastCrashRecoveryRunsAlone() {
    assertThat(Quarantine.mustRunAlone(task(jobs, 0))).isFalse();
    assertThat(Quarantine.mustRunAlone(task(jobs, 2))).isFalse();
    assertThat(Quarantine.mustRunAlone(task(jobs, 3))).isTrue();
    QueueConfig never = QueueConfig.builder("jobs").maxCrashes(0).build();
    assertThat(Quarantine.mustRunAlone(new RunningTask(new ClaimedTask("jobs", "x", "{}", "k",
        Instant.EPOCH, Instant.EPOCH, 0), never, TimeSource.system()))).isFalse();
  }

  @Test
  void aSuspectWaitsForRunningHandlersWhileTheWorkerHoldsNothingElse() throws Exception {
    RunningTask innocent = task(jobs, 1); // a crash recovery with chances left runs as usual
    assertThat(turn(innocent).get()).isEqualTo(Turn.RUN);

    RunningTask suspect = task(other, 3);
    CompletableFuture<Turn> suspectTurn = turn(suspect);
    await().during(Duration.ofMillis(300)).until(() -> !suspectTurn.isDone());
    assertThat(active.awaitClaimable(Duration.ofMillis(50))).isFalse();
    assertThat(active.isolating()).isTrue();
    RunningTask claimedMeanwhile = task(jobs, 0);
    assertThat(turn(claimedMeanwhile).get()).isEqualTo(Turn.GIVE_BACK);
    RunningTask otherSuspect = task(jobs, 3);
    assertThat(turn(otherSuspect).get()).isEqualTo(Turn.GIVE_BACK);

    active.remove(innocent);
    active.remove(claimedMeanwhile); // given back: the router requeues, then removes
    await().during(Duration.ofMillis(300)).until(() -> !suspectTurn.isDone()); // still held
    active.remove(otherSuspect);
    assertThat(suspectTurn.get()).isEqualTo(Turn.RUN);
    RunningTask late = task(jobs, 0);
    assertThat(turn(late).get()).isEqualTo(Turn.GIVE_BACK);
    active.remove(late);

    active.remove(suspect);
    assertThat(active.awaitClaimable(Duration.ZERO)).isTrue();
    assertThat(turn(task(jobs, 0)).get()).isEqualTo(Turn.RUN);
  }

  @Test
  void aSuspectWaitsForAClaimInFlight() throws Exception {
    int taken = active.acquire("other", 4, Duration.ZERO); // a fetcher's claim in flight
    assertThat(taken).isEqualTo(4);
    RunningTask suspect = task(jobs, 3);
    CompletableFuture<Turn> suspectTurn = turn(suspect);
    await().during(Duration.ofMillis(300)).until(() -> !suspectTurn.isDone());
    active.release("other", taken); // the claim came back empty
    assertThat(suspectTurn.get(5, TimeUnit.SECONDS)).isEqualTo(Turn.RUN);
  }

  @Test
  void aSuspectEndedWhileWaitingReopensTheWorker() throws Exception {
    RunningTask running = task(jobs, 0);
    assertThat(turn(running).get()).isEqualTo(Turn.RUN);
    RunningTask suspect = task(jobs, 3);
    CompletableFuture<Turn> suspectTurn = turn(suspect);
    await().until(() -> !active.awaitClaimable(Duration.ZERO));

    assertThat(suspect.endHeld(RunningTask.State.LOST)).isTrue(); // as on a lost lease
    active.remove(suspect);
    assertThat(suspectTurn.get()).isEqualTo(Turn.ENDED);
    assertThat(active.awaitClaimable(Duration.ofSeconds(1))).isTrue();
    assertThat(turn(task(other, 0)).get()).isEqualTo(Turn.RUN);
  }

  @Test
  void aHandlerThatNeverStartedLeavesNoTrace() throws Exception {
    RunningTask admitted = task(jobs, 0);
    assertThat(turn(admitted).get()).isEqualTo(Turn.RUN);
    active.turnUnused(admitted);
    active.remove(admitted); // the second leave of the same task is a no-op
    assertThat(turn(task(jobs, 3)).get(5, TimeUnit.SECONDS)).isEqualTo(Turn.RUN);
  }
}
