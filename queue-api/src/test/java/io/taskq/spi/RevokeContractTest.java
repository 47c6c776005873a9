package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskError;
import io.taskq.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The revoke and finish contract of every {@link Broker}: revoked tasks never run, revokes are
 * remembered by the broker (not by a worker), and a claim ended without running is fenced.
 */
public abstract class RevokeContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofHours(1);

  private NewTask enqueue(TestTasks t) {
    NewTask task = t.inQueue(q).build();
    broker.enqueue(List.of(task));
    return task;
  }

  private TaskRecord record(TaskState state) {
    return new TaskRecord(state, "t.revoked", clock.instant(), null, clock.instant(), 0, null);
  }

  private Map<String, TaskState> revoke(boolean terminate, String... ids) {
    return broker.revoke(q, List.of(ids).stream()
        .map(id -> new Revocation(id, record(TaskState.REVOKED))).toList(), terminate, TTL);
  }

  private StoredTask find(String id) {
    return broker.find(q, id).orElseThrow();
  }

  @Test
  void revokedPendingTaskIsNeverClaimedAndKeepsARevokedRecord() {
    NewTask t = enqueue(aTask());
    NewTask other = enqueue(aTask());

    assertThat(revoke(false, t.id())).containsExactly(Map.entry(t.id(), TaskState.PENDING));

    StoredTask s = find(t.id());
    assertThat(s.state()).isEqualTo(TaskState.REVOKED);
    assertThat(s.envelope()).isNull();
    assertThat(s.record()).isNotNull();
    assertThat(s.record().taskName()).isEqualTo("t.revoked");
    assertThat(broker.counts(q).pending()).isEqualTo(1);
    assertThat(broker.claim(q, 10, LEASE, "w1")).extracting(ClaimedTask::id)
        .containsExactly(other.id());
    assertThat(broker.admin().counters(q)).containsEntry("revoked", 1L);
  }

  @Test
  void revokedScheduledTaskNeverBecomesDue() {
    NewTask t = enqueue(aTask().withCountdown(Duration.ofSeconds(3)));

    assertThat(revoke(false, t.id())).containsEntry(t.id(), TaskState.SCHEDULED);
    clock.advance(Duration.ofSeconds(10));

    assertThat(broker.forwardDue(q, 100)).isZero();
    assertThat(broker.claim(q, 10, LEASE, "w1")).isEmpty();
    assertThat(find(t.id()).state()).isEqualTo(TaskState.REVOKED);
    assertThat(broker.counts(q).scheduled()).isZero();
  }

  @Test
  void revokedRetryingTaskIsNotRetried() {
    NewTask t = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);
    assertThat(broker.retry(q, c.ref(), c.envelope(), Duration.ofSeconds(5))).isTrue();

    assertThat(revoke(false, t.id())).containsEntry(t.id(), TaskState.RETRY);
    clock.advance(Duration.ofSeconds(10));

    assertThat(broker.forwardDue(q, 100)).isZero();
    assertThat(find(t.id()).state()).isEqualTo(TaskState.REVOKED);
  }

  @Test
  void unknownAndFinishedTasksAreReportedAndLeftAlone() {
    NewTask done = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);
    assertThat(broker.finish(q, c.ref(), record(TaskState.EXPIRED), TTL)).isTrue();

    Map<String, TaskState> out = revoke(false, "nowhere", done.id());

    assertThat(out).containsExactly(Map.entry(done.id(), TaskState.EXPIRED));
    assertThat(find(done.id()).state()).isEqualTo(TaskState.EXPIRED);
  }

  @Test
  void revokedActiveTaskKeepsRunningButEndsRevokedInsteadOfRetrying() {
    NewTask t = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);

    assertThat(revoke(false, t.id())).containsEntry(t.id(), TaskState.ACTIVE);
    assertThat(find(t.id()).state()).isEqualTo(TaskState.ACTIVE);
    // the handler fails: the retry is due at once and its claim says revoked, not a run
    assertThat(broker.retry(q, c.ref(), c.envelope(), Duration.ofHours(1))).isTrue();
    assertThat(broker.forwardDue(q, 100)).isEqualTo(1);
    ClaimedTask again = broker.claim(q, 1, LEASE, "w2").get(0);
    assertThat(again.id()).isEqualTo(t.id());
    assertThat(again.revoked()).isTrue();
    assertThat(broker.finish(q, again.ref(), record(TaskState.REVOKED), TTL)).isTrue();
    assertThat(find(t.id()).state()).isEqualTo(TaskState.REVOKED);
  }

  @Test
  void revokeOfAnActiveTaskOutlivesItsWorkersCrash() {
    NewTask t = enqueue(aTask());
    broker.claim(q, 1, LEASE, "w1");
    revoke(false, t.id());

    // the worker dies: the reaper returns the task even past max crashes, and the next claim
    // (any worker) hands it out marked revoked
    clock.advance(LEASE.plusSeconds(1));
    ReapResult reaped = broker.reap(q, new ReapRequest(100, 0, DeadLetterPolicy.DEFAULT,
        Duration.ZERO));
    assertThat(reaped.recovered()).as("back to pending despite max crashes 0")
        .containsExactly(t.id());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w2").get(0);
    assertThat(c.revoked()).isTrue();
  }

  @Test
  void revokedTaskReturnedToPendingAtShutdownIsClaimedRevoked() {
    NewTask t = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);
    revoke(false, t.id());
    assertThat(broker.requeue(q, c.ref())).isTrue();
    assertThat(broker.claim(q, 1, LEASE, "w2")).singleElement()
        .satisfies(again -> assertThat(again.revoked()).isTrue());
  }

  @Test
  void claimOfAnUnrevokedTaskIsNotMarkedRevoked() {
    enqueue(aTask());
    NewTask revoked = enqueue(aTask());
    revoke(false, revoked.id());
    assertThat(broker.claim(q, 10, LEASE, "w1")).singleElement()
        .satisfies(c -> assertThat(c.revoked()).isFalse());
  }

  @Test
  void finishIsFencedByTheClaimToken() {
    NewTask t = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);

    assertThat(broker.finish(q, new LeaseRef(t.id(), "stale"), record(TaskState.EXPIRED), TTL))
        .isFalse();
    assertThat(find(t.id()).state()).isEqualTo(TaskState.ACTIVE);

    TaskRecord expired = new TaskRecord(TaskState.EXPIRED, "t.revoked", clock.instant(), null,
        clock.instant(), 1, "w1", TaskError.reason("Expired", "claimed after its expiry"));
    assertThat(broker.finish(q, c.ref(), expired, TTL)).isTrue();
    assertThat(broker.finish(q, c.ref(), expired, TTL)).as("a re-sent finish").isFalse();
    StoredTask s = find(t.id());
    assertThat(s.state()).isEqualTo(TaskState.EXPIRED);
    assertThat(s.record().error().type()).isEqualTo("Expired");
    assertThat(broker.counts(q).active()).isZero();
    assertThat(broker.admin().counters(q)).containsEntry("expired", 1L);
  }

  @Test
  void deadTaskIsReportedDeadAndStaysInTheDlq() {
    NewTask t = enqueue(aTask());
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);
    broker.deadLetter(q, c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);

    assertThat(revoke(false, t.id())).containsExactly(Map.entry(t.id(), TaskState.DEAD));
    assertThat(find(t.id()).state()).isEqualTo(TaskState.DEAD);
    assertThat(broker.counts(q).dead()).isEqualTo(1);
  }

  @Test
  void revokedIdSubmittedAgainEndsRevokedAtItsClaim() {
    NewTask t = enqueue(aTask());
    revoke(false, t.id());

    broker.enqueue(List.of(aTask().inQueue(q).withId(t.id()).build()));

    assertThat(broker.claim(q, 1, LEASE, "w1")).singleElement()
        .satisfies(c -> assertThat(c.revoked()).isTrue());
  }

  @Test
  void recordIsForgottenAfterTheResultTtl() {
    NewTask t = enqueue(aTask());
    revoke(false, t.id());
    clock.advance(TTL.plusSeconds(1));
    assertThat(broker.find(q, t.id())).isEmpty();
  }

  @Test
  void workerHoldingARevokedTaskIsToldWithItsClaim() throws Exception {
    NewTask t = enqueue(aTask());
    NewTask other = enqueue(aTask());
    List<ClaimedTask> claimed = broker.claim(q, 2, LEASE, "w1");
    List<RevokeSignal> mine = new CopyOnWriteArrayList<>();
    List<RevokeSignal> theirs = new CopyOnWriteArrayList<>();
    try (AutoCloseable a = broker.watchRevokes(Set.of(q), "w1", mine::add);
        AutoCloseable b = broker.watchRevokes(Set.of(q), "w2", theirs::add)) {
      revoke(true, t.id());
      revoke(false, other.id());

      await().atMost(Duration.ofSeconds(5)).until(() -> mine.size() == 2);
      assertThat(mine).containsExactly(
          new RevokeSignal(q, claimed.get(0).ref(), true),
          new RevokeSignal(q, claimed.get(1).ref(), false));
      assertThat(theirs).isEmpty();
    }
  }
}
