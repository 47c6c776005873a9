package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Broker} meets. A broker module extends this class and supplies
 * {@link #newBroker(ManualClock)}; every test runs against it with its own queue names.
 */
public abstract class BrokerContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final DeadLetterPolicy CAPS = DeadLetterPolicy.DEFAULT;

  private NewTask enqueueOne() {
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(t));
    return t;
  }

  private ClaimedTask claimOne() {
    List<ClaimedTask> claimed = broker.claim(q, 1, LEASE, "w1");
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  private TaskState state(String id) {
    return broker.find(q, id).map(StoredTask::state).orElse(null);
  }

  @Test
  void enqueuedTaskIsPendingWithItsEnvelope() {
    NewTask t = enqueueOne();
    StoredTask s = broker.find(q, t.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.PENDING);
    assertThat(s.envelope()).isEqualTo(t.envelope());
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(1, 0, 0, 0, 0));
  }

  @Test
  void delayedTaskIsScheduledUntilDueThenForwarded() {
    NewTask t = aTask().inQueue(q).withCountdown(Duration.ofSeconds(60)).build();
    broker.enqueue(List.of(t));
    StoredTask s = broker.find(q, t.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(s.score()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(broker.claim(q, 10, LEASE, "w1")).isEmpty();

    clock.advance(Duration.ofSeconds(59));
    assertThat(broker.forwardDue(q, 100)).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(broker.forwardDue(q, 100)).isEqualTo(1);
    assertThat(state(t.id())).isEqualTo(TaskState.PENDING);
  }

  @Test
  void etaInThePastIsPendingAtOnce() {
    NewTask t = aTask().inQueue(q).withEta(clock.instant().minusSeconds(5)).build();
    broker.enqueue(List.of(t));
    assertThat(state(t.id())).isEqualTo(TaskState.PENDING);
  }

  @Test
  void etaInTheFutureIsScheduledAtThatInstant() {
    Instant eta = clock.instant().plusSeconds(3600);
    NewTask t = aTask().inQueue(q).withEta(eta).build();
    broker.enqueue(List.of(t));
    assertThat(broker.find(q, t.id()).orElseThrow().score()).isEqualTo(eta);
  }

  @Test
  void claimIsFifoAndBoundedByMax() {
    List<NewTask> tasks = IntStream.range(0, 5).mapToObj(i -> aTask().inQueue(q).build()).toList();
    broker.enqueue(tasks);
    List<ClaimedTask> first = broker.claim(q, 3, LEASE, "w1");
    assertThat(first).extracting(ClaimedTask::id)
        .containsExactly(tasks.get(0).id(), tasks.get(1).id(), tasks.get(2).id());
    assertThat(broker.claim(q, 10, LEASE, "w1")).extracting(ClaimedTask::id)
        .containsExactly(tasks.get(3).id(), tasks.get(4).id());
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(0, 5, 0, 0, 0));
  }

  @Test
  void claimFromAnEmptyOrPausedQueueReturnsNothing() {
    assertThat(broker.claim(q, 5, LEASE, "w1")).isEmpty();
    enqueueOne();
    broker.setPaused(q, true);
    assertThat(broker.isPaused(q)).isTrue();
    assertThat(broker.claim(q, 5, LEASE, "w1")).isEmpty();
    broker.setPaused(q, false);
    assertThat(broker.claim(q, 5, LEASE, "w1")).hasSize(1);
  }

  @Test
  void claimSetsLeaseDeadlineTokenAndWorker() {
    NewTask t = enqueueOne();
    ClaimedTask c = claimOne();
    assertThat(c.id()).isEqualTo(t.id());
    assertThat(c.envelope()).isEqualTo(t.envelope());
    assertThat(c.token()).isNotBlank();
    assertThat(c.leaseDeadline()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(c.claimedAt()).isEqualTo(clock.instant());
    assertThat(c.crashRecoveries()).isZero();
    StoredTask s = broker.find(q, t.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.ACTIVE);
    assertThat(s.lease()).isNotNull();
    assertThat(s.lease().workerId()).isEqualTo("w1");
    assertThat(s.lease().startedAt()).as("reserved until started").isNull();
    assertThat(s.lease().deadline()).isEqualTo(c.leaseDeadline());
  }

  @Test
  void tokensDifferBetweenClaims() {
    enqueueOne();
    ClaimedTask first = claimOne();
    assertThat(broker.requeue(q, first.ref())).isTrue();
    ClaimedTask second = claimOne();
    assertThat(second.token()).isNotEqualTo(first.token());
  }

  @Test
  void markStartedRecordsTheStartTime() {
    enqueueOne();
    ClaimedTask c = claimOne();
    clock.advance(Duration.ofMillis(250));
    broker.markStarted(q, List.of(c.ref()));
    assertThat(broker.find(q, c.id()).orElseThrow().lease().startedAt())
        .isEqualTo(clock.instant());
  }

  @Test
  void extendMovesTheDeadlineAndReportsLostClaims() {
    enqueueOne();
    enqueueOne();
    ClaimedTask a = claimOne();
    ClaimedTask b = claimOne();
    clock.advance(Duration.ofSeconds(10));
    LeaseRef stale = new LeaseRef(b.id(), "not-the-token");
    LeaseRef unknown = new LeaseRef("no-such-task", "x");
    assertThat(broker.extend(q, List.of(a.ref(), stale, unknown), LEASE))
        .containsExactlyInAnyOrder(b.id(), "no-such-task");
    assertThat(broker.find(q, a.id()).orElseThrow().score())
        .isEqualTo(clock.instant().plus(LEASE));
    assertThat(broker.find(q, b.id()).orElseThrow().score()).isEqualTo(b.leaseDeadline());
  }

  @Test
  void ackRemovesTheTaskAndKeepsItsResult() {
    enqueueOne();
    enqueueOne();
    ClaimedTask a = claimOne();
    ClaimedTask b = claimOne();
    List<String> rejected = broker.ack(q, List.of(
        new Ack(a.ref(), "{\"sum\":3}", Duration.ofHours(1)), Ack.of(b.ref())));
    assertThat(rejected).isEmpty();
    assertThat(broker.counts(q)).isEqualTo(QueueCounts.EMPTY);
    assertThat(broker.result(q, a.id())).contains("{\"sum\":3}");
    assertThat(state(a.id())).isEqualTo(TaskState.SUCCEEDED);
    assertThat(broker.find(q, b.id())).isEmpty();
    assertThat(broker.result(q, b.id())).isEmpty();

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(broker.result(q, a.id())).as("result expired").isEmpty();
  }

  @Test
  void ackKeepsTheTaskRecordWithTheResultUntilItExpires() {
    enqueueOne();
    enqueueOne();
    ClaimedTask a = claimOne();
    ClaimedTask b = claimOne();
    Instant created = clock.instant().minusSeconds(5);
    TaskRecord record = new TaskRecord(TaskState.SUCCEEDED, "probe.echo", created,
        clock.instant().minusMillis(40), clock.instant(), 2, "w1");
    TaskRecord unkept = new TaskRecord(TaskState.SUCCEEDED, "probe.none", created, null,
        clock.instant(), 1, null);
    broker.ack(q, List.of(new Ack(a.ref(), "[1,\"x\"]", Duration.ofHours(1), record),
        new Ack(b.ref(), null, Duration.ofHours(1), unkept)));

    StoredTask s = broker.find(q, a.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(s.record()).isEqualTo(record);
    assertThat(s.result()).isEqualTo("[1,\"x\"]");
    assertThat(broker.find(q, b.id()).orElseThrow().record()).as("no result, still a record")
        .isEqualTo(unkept);

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(broker.find(q, a.id())).as("record expired with the result").isEmpty();
  }

  @Test
  void ackIsIdempotentWhenSentTwice() {
    enqueueOne();
    ClaimedTask a = claimOne();
    assertThat(broker.ack(q, List.of(Ack.of(a.ref())))).isEmpty();
    assertThat(broker.ack(q, List.of(Ack.of(a.ref())))).containsExactly(a.id());
    assertThat(broker.counts(q)).isEqualTo(QueueCounts.EMPTY);
  }

  @Test
  void retryStoresTheNewEnvelopeAndWaitsForTheDelay() {
    enqueueOne();
    ClaimedTask c = claimOne();
    String failed = aTask().inQueue(q).withId(c.id()).withArgs("{\"n\":1}").build().envelope();
    assertThat(broker.retry(q, c.ref(), failed, Duration.ofSeconds(60))).isTrue();
    StoredTask s = broker.find(q, c.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.RETRY);
    assertThat(s.envelope()).isEqualTo(failed);
    assertThat(s.score()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(s.lease()).isNull();
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(0, 0, 0, 1, 0));

    clock.advance(Duration.ofSeconds(30));
    assertThat(broker.forwardDue(q, 10)).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(broker.forwardDue(q, 10)).isEqualTo(1);
    assertThat(claimOne().envelope()).isEqualTo(failed);
  }

  @Test
  void deadLetterStoresTheEnvelopeWithTheReason() {
    enqueueOne();
    ClaimedTask c = claimOne();
    String dead = aTask().inQueue(q).withId(c.id()).withArgs("{\"reason\":1}").build().envelope();
    assertThat(broker.deadLetter(q, c.ref(), dead, CAPS)).isTrue();
    StoredTask s = broker.find(q, c.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.DEAD);
    assertThat(s.envelope()).isEqualTo(dead);
    assertThat(s.score()).isEqualTo(clock.instant());
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(0, 0, 0, 0, 1));
  }

  private List<String> killAll(int n, DeadLetterPolicy caps) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      enqueueOne();
      ClaimedTask c = claimOne();
      assertThat(broker.deadLetter(q, c.ref(), c.envelope(), caps)).isTrue();
      ids.add(c.id());
      clock.advance(Duration.ofSeconds(1));
    }
    return ids;
  }

  @Test
  void deadLetterQueueIsTrimmedToItsMaxSizeOldestFirst() {
    List<String> ids = killAll(5, new DeadLetterPolicy(3, Duration.ofDays(30)));
    assertThat(broker.counts(q).dead()).isEqualTo(3);
    assertThat(broker.find(q, ids.get(0))).isEmpty();
    assertThat(broker.find(q, ids.get(1))).isEmpty();
    assertThat(state(ids.get(4))).isEqualTo(TaskState.DEAD);
  }

  @Test
  void deadLetterQueueDropsTasksOlderThanItsMaxAge() {
    DeadLetterPolicy caps = new DeadLetterPolicy(100, Duration.ofHours(1));
    List<String> old = killAll(2, caps);
    clock.advance(Duration.ofHours(2));
    List<String> fresh = killAll(1, caps);
    assertThat(broker.counts(q).dead()).isEqualTo(1);
    assertThat(broker.find(q, old.get(0))).isEmpty();
    assertThat(state(fresh.get(0))).isEqualTo(TaskState.DEAD);
  }

  @Test
  void requeueReturnsTheTaskToTheHeadOfPending() {
    NewTask first = enqueueOne();
    NewTask second = enqueueOne();
    ClaimedTask c = claimOne();
    assertThat(c.id()).isEqualTo(first.id());
    assertThat(broker.requeue(q, c.ref())).isTrue();
    assertThat(broker.claim(q, 2, LEASE, "w2")).extracting(ClaimedTask::id)
        .containsExactly(first.id(), second.id());
  }

  @Test
  void staleTokenIsRejectedByEveryTransitionAndChangesNothing() {
    NewTask t = enqueueOne();
    ClaimedTask old = claimOne();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(broker.reap(q, reapAll()).recovered()).containsExactly(t.id());
    ClaimedTask current = claimOne();
    LeaseRef stale = old.ref();

    assertThat(broker.ack(q, List.of(Ack.of(stale)))).containsExactly(t.id());
    assertThat(broker.retry(q, stale, "{}", Duration.ZERO)).isFalse();
    assertThat(broker.deadLetter(q, stale, "{}", CAPS)).isFalse();
    assertThat(broker.requeue(q, stale)).isFalse();
    assertThat(broker.extend(q, List.of(stale), LEASE)).containsExactly(t.id());
    broker.markStarted(q, List.of(stale));

    StoredTask s = broker.find(q, t.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.ACTIVE);
    assertThat(s.envelope()).isEqualTo(t.envelope());
    assertThat(s.score()).isEqualTo(current.leaseDeadline());
    assertThat(s.lease().startedAt()).isNull();
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(0, 1, 0, 0, 0));
    assertThat(broker.ack(q, List.of(Ack.of(current.ref())))).isEmpty();
  }

  private static ReapRequest reapAll() {
    return new ReapRequest(1000, 3, CAPS, Duration.ZERO);
  }

  @Test
  void reapReturnsExpiredLeasesToTheHeadOfPendingAndCountsACrash() {
    NewTask waiting = enqueueOne();
    enqueueOne();
    List<ClaimedTask> two = broker.claim(q, 1, LEASE, "w1");
    clock.advance(Duration.ofSeconds(10));
    ClaimedTask later = broker.claim(q, 1, LEASE, "w1").get(0);
    clock.advance(LEASE.minusSeconds(5));
    ReapResult r = broker.reap(q, reapAll());
    assertThat(r.recovered()).containsExactly(waiting.id());
    assertThat(r.skipped()).isFalse();
    assertThat(r.nextExpiry()).as("the lease left expires 5 s from now")
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(state(later.id())).as("lease not expired yet").isEqualTo(TaskState.ACTIVE);
    assertThat(two.get(0).id()).isEqualTo(waiting.id());
    ClaimedTask again = claimOne();
    assertThat(again.id()).isEqualTo(waiting.id());
    assertThat(again.crashRecoveries()).isEqualTo(1);
    assertThat(broker.find(q, waiting.id()).orElseThrow().crashRecoveries()).isEqualTo(1);
  }

  @Test
  void reapDeadLettersATaskThatCrashedWorkersMoreThanMaxCrashes() {
    NewTask t = enqueueOne();
    ReapRequest req = new ReapRequest(100, 2, CAPS, Duration.ZERO);
    for (int crash = 1; crash <= 2; crash++) {
      claimOne();
      clock.advance(LEASE.plusSeconds(1));
      assertThat(broker.reap(q, req).recovered()).containsExactly(t.id());
    }
    claimOne();
    clock.advance(LEASE.plusSeconds(1));
    ReapResult r = broker.reap(q, req);
    assertThat(r.recovered()).isEmpty();
    assertThat(r.deadLettered()).containsExactly(t.id());
    StoredTask s = broker.find(q, t.id()).orElseThrow();
    assertThat(s.state()).isEqualTo(TaskState.DEAD);
    assertThat(s.crashRecoveries()).isEqualTo(3);
    assertThat(s.envelope()).isEqualTo(t.envelope());
  }

  @Test
  void reapTrimsTheDeadLetterQueueItAddsTo() {
    List<String> earlier = killAll(2, CAPS);
    NewTask t = enqueueOne();
    claimOne();
    clock.advance(LEASE.plusSeconds(1));
    ReapResult r = broker.reap(q,
        new ReapRequest(100, 0, new DeadLetterPolicy(2, Duration.ofDays(30)), Duration.ZERO));
    assertThat(r.deadLettered()).containsExactly(t.id());
    assertThat(broker.counts(q).dead()).isEqualTo(2);
    assertThat(broker.find(q, earlier.get(0))).isEmpty();
    assertThat(state(earlier.get(1))).isEqualTo(TaskState.DEAD);
    assertThat(state(t.id())).isEqualTo(TaskState.DEAD);
  }

  @Test
  void reapGuardLetsOnePassRunAtATime() {
    enqueueOne();
    claimOne(); // a queue with nothing active needs no guard (a broker may skip it)
    ReapRequest guarded = new ReapRequest(100, 3, CAPS, Duration.ofSeconds(10));
    assertThat(broker.reap(q, guarded).skipped()).isFalse();
    assertThat(broker.reap(q, guarded).skipped()).isTrue();
    clock.advance(Duration.ofSeconds(11));
    assertThat(broker.reap(q, guarded).skipped()).isFalse();
  }

  @Test
  void reapTellsWhenTheEarliestLeaseExpires() {
    ReapRequest guarded = new ReapRequest(100, 3, CAPS, Duration.ofSeconds(2));
    assertThat(broker.reap(q, guarded).nextExpiry()).as("nothing active").isNull();
    enqueueOne();
    enqueueOne();
    claimOne();
    assertThat(broker.reap(q, guarded).skipped()).as("takes the guard").isFalse();
    clock.advance(Duration.ofSeconds(1));
    claimOne();
    ReapResult skipped = broker.reap(q, guarded);
    assertThat(skipped.skipped()).isTrue();
    assertThat(skipped.nextExpiry()).isEqualTo(LEASE.minusSeconds(1));
    clock.advance(LEASE.minusMillis(1500));
    assertThat(broker.reap(q, guarded).nextExpiry()).as("the first lease, not the second")
        .isEqualTo(Duration.ofMillis(500));
    ReapResult stillGuarded = broker.reap(q, guarded);
    assertThat(stillGuarded.skipped()).isTrue();
    assertThat(stillGuarded.nextExpiry()).as("after the guard, not at the deadline")
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void enqueueOfACallerSuppliedIdIsIdempotent() {
    NewTask first = aTask().inQueue(q).withId("order-42").withArgs("{\"v\":1}").build();
    NewTask again = aTask().inQueue(q).withId("order-42").withArgs("{\"v\":2}").build();
    assertThat(broker.enqueue(List.of(first))).isEqualTo(new EnqueueResult(1, List.of()));
    assertThat(broker.enqueue(List.of(again)))
        .isEqualTo(new EnqueueResult(0, List.of("order-42")));
    assertThat(broker.counts(q).pending()).isEqualTo(1);
    assertThat(broker.find(q, "order-42").orElseThrow().envelope()).isEqualTo(first.envelope());
  }

  @Test
  void largeBatchesAreHandledBeyondTheScriptLimit() {
    int n = Broker.MAX_BATCH * 2 + 500;
    List<NewTask> tasks = IntStream.range(0, n).mapToObj(i -> aTask().inQueue(q).build()).toList();
    assertThat(broker.enqueue(tasks).created()).isEqualTo(n);
    assertThat(broker.counts(q).pending()).isEqualTo(n);
    List<ClaimedTask> claimed = broker.claim(q, Broker.MAX_BATCH, LEASE, "w1");
    assertThat(claimed).hasSize(Broker.MAX_BATCH);
    assertThat(claimed.get(0).id()).isEqualTo(tasks.get(0).id());
    assertThat(broker.ack(q, claimed.stream().map(c -> Ack.of(c.ref())).toList())).isEmpty();
    assertThat(broker.counts(q).pending()).isEqualTo(n - Broker.MAX_BATCH);
  }

  @Test
  void countsReflectEveryState() {
    broker.enqueue(List.of(aTask().inQueue(q).withCountdown(Duration.ofMinutes(5)).build()));
    for (int i = 0; i < 4; i++) {
      enqueueOne();
    }
    ClaimedTask toRetry = claimOne();
    ClaimedTask toKill = claimOne();
    claimOne();
    broker.retry(q, toRetry.ref(), toRetry.envelope(), Duration.ofMinutes(1));
    broker.deadLetter(q, toKill.ref(), toKill.envelope(), CAPS);
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(1, 1, 1, 1, 1));
  }

  @Test
  void queuesListsEveryQueueThatReceivedATask() {
    String other = q + "-b";
    enqueueOne();
    broker.enqueue(List.of(aTask().inQueue(other).build()));
    assertThat(broker.queues()).contains(q, other);
  }

  @Test
  void awaitWorkWakesWhenATaskIsEnqueuedFromAnotherThread() throws Exception {
    broker.awaitWork(q, Duration.ofMillis(1)); // settle any earlier signal
    CompletableFuture<Boolean> woken =
        CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(10)));
    // with nothing enqueued the waiter stays blocked (this window also lets it reach the wait)
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> !woken.isDone());
    long start = System.nanoTime();
    enqueueOne();
    assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void awaitWorkTimesOutWhenNothingHappens() {
    broker.awaitWork(q, Duration.ofMillis(1)); // a first wait may wake at once (spurious)
    long start = System.nanoTime();
    assertThat(broker.awaitWork(q, Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void awaitWorkWakesWhenADelayedTaskIsDue() {
    broker.enqueue(List.of(aTask().inQueue(q).withCountdown(Duration.ofSeconds(5)).build()));
    broker.awaitWork(q, Duration.ofMillis(1));
    clock.advance(Duration.ofSeconds(6));
    assertThat(broker.awaitWork(q, Duration.ofSeconds(3))).isTrue();
    assertThat(broker.forwardDue(q, 10)).isEqualTo(1);
  }

  @Test
  void workerRegistrationsAreListedUntilGoneOrExpired() {
    Instant t0 = clock.instant();
    WorkerInfo w1 = new WorkerInfo("h:1:a", "h", 1, List.of(q), 16, 2, t0, t0);
    WorkerInfo w2 = new WorkerInfo("h:2:b", "h", 2, List.of(q), 8, 0, t0, t0);
    broker.workerHeartbeat(w1, Duration.ofSeconds(30));
    broker.workerHeartbeat(w2, Duration.ofSeconds(10));
    assertThat(broker.workers()).extracting(WorkerInfo::id).contains("h:1:a", "h:2:b");
    WorkerInfo read = broker.workers().stream().filter(w -> w.id().equals("h:1:a")).findFirst()
        .orElseThrow();
    assertThat(read.queues()).containsExactly(q);
    assertThat(read.concurrency()).isEqualTo(16);
    assertThat(read.active()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(11));
    assertThat(broker.workers()).extracting(WorkerInfo::id).contains("h:1:a")
        .doesNotContain("h:2:b");
    broker.workerGone("h:1:a");
    assertThat(broker.workers()).extracting(WorkerInfo::id).doesNotContain("h:1:a");
  }

  @Test
  void nowFollowsTheClock() {
    assertThat(broker.now()).isEqualTo(clock.instant());
    clock.advance(Duration.ofMinutes(3));
    assertThat(broker.now()).isEqualTo(clock.instant());
  }
}
