package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.RateLimit;
import io.taskq.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Broker#ackAndClaim}: a worker's round in one call, with the acks of
 * {@link Broker#ack} (fenced by the lease token, records kept) followed by the claim of
 * {@link Broker#claim(ClaimRequest)} (bounded, within the queue's pause, limits and priorities).
 * A broker module extends this class and supplies {@link #newBroker}.
 */
public abstract class AckClaimContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private List<String> enqueue(int n, int priority) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewTask t = aTask().inQueue(q).build();
      tasks.add(new NewTask(q, t.id(), t.envelope(), null, null, priority, null, null));
    }
    broker.enqueue(tasks);
    return tasks.stream().map(NewTask::id).toList();
  }

  private ClaimRequest next(int max, @Nullable RateLimit rate, int maxActive) {
    return new ClaimRequest(q, max, LEASE, "w1", rate, maxActive);
  }

  private List<Ack> acks(List<ClaimedTask> tasks) {
    return tasks.stream().map(t -> Ack.of(t.ref())).toList();
  }

  private static List<String> ids(List<ClaimedTask> tasks) {
    return tasks.stream().map(ClaimedTask::id).toList();
  }

  @Test
  void acksTheBatchThenClaimsTheNextOneOldestFirst() {
    List<String> ids = enqueue(5, 0);
    List<ClaimedTask> first = broker.claim(next(2, null, 0)).tasks();

    AckClaimResult round = broker.ackAndClaim(acks(first), next(2, null, 0));

    assertThat(round.rejected()).isEmpty();
    assertThat(ids(round.claimed().tasks())).isEqualTo(ids.subList(2, 4));
    assertThat(round.claimed().limited()).isFalse();
    assertThat(round.claimed().tasks()).allSatisfy(t -> {
      assertThat(t.leaseDeadline()).isEqualTo(clock.instant().plus(LEASE));
      assertThat(t.revoked()).isFalse();
    });
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(1, 2, 0, 0, 0));
    assertThat(broker.find(q, ids.get(0))).isEmpty(); // acked without a record to keep
    // the new claims hold their own tokens: acking them in the next round works
    assertThat(broker.ackAndClaim(acks(round.claimed().tasks()), next(5, null, 0)).rejected())
        .isEmpty();
  }

  @Test
  void anAckUnderAnotherTokenIsRejectedAndChangesNothingWhileTheClaimStillRuns() {
    enqueue(3, 0);
    ClaimedTask held = broker.claim(next(1, null, 0)).tasks().get(0);
    LeaseRef stale = new LeaseRef(held.id(), held.ref().token() + "-old");

    AckClaimResult round = broker.ackAndClaim(List.of(Ack.of(stale)), next(1, null, 0));

    assertThat(round.rejected()).containsExactly(held.id());
    assertThat(round.claimed().tasks()).hasSize(1);
    assertThat(broker.find(q, held.id()).orElseThrow().state()).isEqualTo(TaskState.ACTIVE);
    assertThat(broker.ack(q, List.of(Ack.of(held.ref())))).isEmpty();
  }

  @Test
  void keepsTheRecordAndResultOfEachAckAsAckDoes() {
    enqueue(1, 0);
    ClaimedTask t = broker.claim(next(1, null, 0)).tasks().get(0);
    Instant now = clock.instant();
    TaskRecord record = new TaskRecord(TaskState.SUCCEEDED, "noop", now, now, now, 1, "w1");

    broker.ackAndClaim(List.of(new Ack(t.ref(), "42", Duration.ofMinutes(1), record)),
        next(4, null, 0));

    StoredTask stored = broker.find(q, t.id()).orElseThrow();
    assertThat(stored.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(stored.result()).isEqualTo("42");
    assertThat(broker.result(q, t.id())).contains("42");
  }

  @Test
  void claimsNoMoreThanAskedAndNothingWhenAskedForNone() {
    enqueue(6, 0);
    List<ClaimedTask> held = broker.claim(next(2, null, 0)).tasks();

    assertThat(broker.ackAndClaim(List.of(Ack.of(held.get(0).ref())), next(3, null, 0))
        .claimed().tasks()).hasSize(3);
    AckClaimResult none = broker.ackAndClaim(List.of(Ack.of(held.get(1).ref())),
        next(0, null, 0));
    assertThat(none.rejected()).isEmpty();
    assertThat(none.claimed().tasks()).isEmpty();
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(1, 3, 0, 0, 0));
  }

  @Test
  void aPausedQueueStillTakesTheAcksButClaimsNothing() {
    enqueue(3, 0);
    List<ClaimedTask> held = broker.claim(next(2, null, 0)).tasks();
    broker.setPaused(q, true);

    AckClaimResult round = broker.ackAndClaim(acks(held), next(5, null, 0));

    assertThat(round.rejected()).isEmpty();
    assertThat(round.claimed().tasks()).isEmpty();
    assertThat(broker.counts(q)).isEqualTo(new QueueCounts(1, 0, 0, 0, 0));
  }

  @Test
  void theSlotsTheAcksFreeCountForMaxActiveInTheSameCall() {
    enqueue(5, 0);
    List<ClaimedTask> held = broker.claim(next(2, null, 2)).tasks();

    AckClaimResult round = broker.ackAndClaim(List.of(Ack.of(held.get(0).ref())),
        next(5, null, 2));

    assertThat(round.claimed().tasks()).hasSize(1);
    assertThat(round.claimed().limited()).isTrue();
    assertThat(round.claimed().nextToken()).isNull();
    assertThat(broker.counts(q).active()).isEqualTo(2);
  }

  @Test
  void theRateLimitHoldsTheClaimBackAndSaysWhenItsNextTokenComes() {
    enqueue(5, 0);
    RateLimit rate = RateLimit.parse("10/s").withBurst(2);
    List<ClaimedTask> held = broker.claim(next(1, rate, 0)).tasks();

    AckClaimResult round = broker.ackAndClaim(acks(held), next(5, rate, 0));

    assertThat(round.rejected()).isEmpty();
    assertThat(round.claimed().tasks()).hasSize(1); // the burst's second token
    assertThat(round.claimed().limited()).isTrue();
    assertThat(round.claimed().nextToken()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void higherPrioritiesAreClaimedFirstAsByClaim() {
    List<String> low = enqueue(2, 0);
    List<String> high = enqueue(2, 7);
    List<ClaimedTask> held = broker.claim(next(1, null, 0)).tasks();
    assertThat(ids(held)).containsExactly(high.get(0));

    AckClaimResult round = broker.ackAndClaim(acks(held), next(2, null, 0));

    assertThat(ids(round.claimed().tasks())).containsExactly(high.get(1), low.get(0));
  }
}
