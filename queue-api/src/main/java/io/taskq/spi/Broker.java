package io.taskq.spi;

import io.taskq.BrokerUnavailableException;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The atomic transitions of the task lifecycle over a store of queues. Implementations are
 * thread-safe; every method may block for at most the implementation's command timeout and throws
 * {@link BrokerUnavailableException} when the store cannot be reached.
 *
 * <p>Fencing: a claim hands out a fresh token. {@link #ack}, {@link #retry}, {@link #deadLetter},
 * {@link #extend}, {@link #markStarted}, {@link #requeue} and {@link #finish} succeed only while
 * the task is still active under that token; otherwise they change nothing and report the
 * rejection. Every method is idempotent under a re-send of the same call, except {@link #claim},
 * whose replay at worst leaves a task active until the reaper returns it.
 *
 * <p>Time: due times and lease deadlines come from the broker's own clock ({@link #now()}), one
 * clock for every worker.
 */
public interface Broker extends AutoCloseable {

  /** Most tasks or ids one call of a batch operation handles; larger batches are chunked. */
  int MAX_BATCH = 1000;

  /** Least time a revoke is remembered (see {@link #revoke}). */
  Duration REVOKE_KEEP = Duration.ofDays(1);

  /**
   * Stores tasks and makes them pending (or scheduled when delayed), waking idle workers. An id
   * already live in its queue is left unchanged and reported in
   * {@link EnqueueResult#duplicateIds()}. A task with a {@link NewTask#uniqueKey()} held in its
   * queue (by a task that is pending, scheduled, retrying or active, or whose key has not reached
   * its TTL) is not stored; the holder's id is reported in {@link EnqueueResult#uniqueHolders()}.
   * Tasks of several queues may be mixed; the call is atomic per queue and chunk, not across them.
   */
  EnqueueResult enqueue(List<NewTask> tasks);

  /**
   * Claims up to {@link ClaimRequest#max()} pending tasks, oldest first, each under a lease, within
   * the request's limits. Returns fewer (or none) when fewer are pending, the queue is paused, or a
   * limit holds the claim back. Tasks not yet due are never claimed.
   *
   * <p>Limits, checked atomically with the claim against state shared by every worker: a token
   * bucket on the broker's clock for {@link ClaimRequest#rateLimit()} (one token per claimed task,
   * holding at most the burst; full when first used), and the number of active tasks of the queue
   * (reserved ones included) for {@link ClaimRequest#maxActive()}. A claim takes
   * {@code min(max, whole tokens, maxActive - active)}. A claim held back while tasks remain
   * pending is reported {@link ClaimResult#limited()}; then the rate limit reports the time until
   * its next token, and a claim cut by {@code maxActive} makes the next ack, retry, dead letter,
   * requeue or crash recovery of the queue wake {@link #awaitWork}. A claim that leaves tasks
   * pending wakes another waiter of {@link #awaitWork}, unless a limit held it back; one the rate
   * limit cut short after it took tasks still wakes one, which joins the wait for tokens.
   */
  ClaimResult claim(ClaimRequest request);

  /**
   * Claims up to {@code max} pending tasks without limits; see {@link #claim(ClaimRequest)}.
   */
  default List<ClaimedTask> claim(String queue, int max, Duration lease, String workerId) {
    return claim(ClaimRequest.of(queue, max, lease, workerId)).tasks();
  }

  /** Records that the handlers of these claims started (they are no longer "reserved"). */
  void markStarted(String queue, List<LeaseRef> leases);

  /**
   * Extends the leases of these claims to now + {@code lease}.
   *
   * @return the ids whose claim is no longer held (token mismatch or not active): their handlers
   *     should be stopped, another worker may run them
   */
  Set<String> extend(String queue, List<LeaseRef> leases, Duration lease);

  /**
   * Completes tasks: removes them with their lease and crash count, counts them as processed and
   * keeps their record and result when given ({@link Ack#keepsRecord()}), for the ack's
   * {@code resultTtl}. Watchers of {@link #watchFinished} are told of each completed task.
   *
   * @return ids whose ack was rejected because the claim is no longer held
   */
  List<String> ack(String queue, List<Ack> acks);

  /**
   * A worker's round in one call: acks {@code acks} of {@code next.queue()} as {@link #ack} does,
   * then claims as {@link #claim(ClaimRequest)} does with {@code next}, with the same fencing,
   * records, limits, pause, priorities and revokes. The acks come first: the slots they free count
   * for {@code maxActive}. A paused queue still takes the acks and claims nothing; a
   * {@code next.max()} of 0 or less only acks.
   *
   * <p>The Redis broker runs both in one script call (one round trip, atomic for a batch of up to
   * {@link #MAX_BATCH} acks), the embedded broker under its one lock. This default calls
   * {@link #ack} and then {@link #claim(ClaimRequest)}: when the claim fails, the acks are
   * recorded already and the exception propagates, so a caller that sends the acks again sees
   * them rejected.
   *
   * @return the ids whose ack was rejected, and the tasks claimed
   */
  default AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    List<String> rejected = acks.isEmpty() ? List.of() : ack(next.queue(), acks);
    return new AckClaimResult(rejected, next.max() < 1 ? ClaimResult.none() : claim(next));
  }

  /**
   * Fails a claimed task for a retry after {@code delay}: stores {@code envelope} (built by the
   * caller with the attempt recorded) and moves the task to the retry set.
   *
   * @return false when the claim is no longer held (nothing changed)
   */
  boolean retry(String queue, LeaseRef lease, String envelope, Duration delay);

  /**
   * Moves a claimed task to the dead-letter queue with {@code envelope} (holding the reason), then
   * trims the DLQ to {@code caps}; keeps no record of its own (the DLQ entry is the record while
   * it lasts). Watchers of {@link #watchFinished} are told.
   *
   * @return false when the claim is no longer held (nothing changed)
   */
  default boolean deadLetter(String queue, LeaseRef lease, String envelope,
      DeadLetterPolicy caps) {
    return deadLetter(queue, lease, envelope, caps, null, Duration.ZERO);
  }

  /**
   * Moves a claimed task to the dead-letter queue with {@code envelope} (holding the reason), then
   * trims the DLQ to {@code caps}, and keeps {@code record} (state DEAD, with the error's type and
   * message) for {@code resultTtl}, so the task's end stays known after the DLQ drops it. A result
   * kept from an earlier run of the id is dropped. Watchers of {@link #watchFinished} are told.
   *
   * @param record what to keep, or {@code null} for nothing
   * @param resultTtl how long the record is kept (the queue's {@code resultTtl}); zero keeps none
   * @return false when the claim is no longer held (nothing changed)
   */
  boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl);

  /**
   * Returns a claimed task to the head of pending (shutdown, unstarted or interrupted work),
   * without counting a retry or a crash.
   *
   * @return false when the claim is no longer held (nothing changed)
   */
  boolean requeue(String queue, LeaseRef lease);

  /**
   * Revokes tasks of one queue, each in one atomic step. A pending, scheduled or retrying task is
   * removed with its payload and ends {@code REVOKED}, keeping its {@link Revocation#record()} for
   * {@code resultTtl}; it never runs. An active task keeps running unless {@code terminate} (its
   * worker is then told through {@link #watchRevokes} to stop it), but it is not retried: a
   * failure, a crash recovery or a return to pending ends it {@code REVOKED} at its next claim.
   * Every revoke of a live task is remembered for {@code max(resultTtl, }{@link #REVOKE_KEEP}{@code )},
   * across worker restarts: a claim of a revoked id hands it out with
   * {@link ClaimedTask#revoked()} set, and it is never run. A finished task is left unchanged.
   * Idempotent.
   *
   * @return for each revoked id found, the state it was in before: PENDING, SCHEDULED or RETRY
   *     (ended now), ACTIVE (marked; stops or ends later), or a final state or DEAD (unchanged);
   *     ids in no state are left out
   */
  Map<String, TaskState> revoke(String queue, List<Revocation> revocations, boolean terminate,
      Duration resultTtl);

  /**
   * Ends a claimed task without running it, in the final state of {@code record} (REVOKED or
   * EXPIRED): removes it with its lease, payload and crash count, counts it in the queue's
   * counters under the state's lowercase name, keeps {@code record} for {@code resultTtl} and
   * tells waiters it finished.
   *
   * @return false when the claim is no longer held (nothing changed)
   */
  boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl);

  /**
   * Calls {@code listener} for each revoke of a task that {@code workerId} holds in one of
   * {@code queues} (see {@link #revoke}), on a broker thread, until the returned handle is
   * closed. Delivery is at most once (a revoke sent while the connection is down is missed; the
   * task is then still not retried). The listener must be fast and must not throw.
   */
  AutoCloseable watchRevokes(Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener);

  /**
   * Moves up to {@code limit} scheduled and retry tasks whose due time has come to pending.
   *
   * @return how many were moved
   */
  int forwardDue(String queue, int limit);

  /**
   * Returns active tasks whose lease expired to the head of pending, incrementing their crash
   * count, or dead-letters those over {@link ReapRequest#maxCrashes()}.
   */
  ReapResult reap(String queue, ReapRequest request);

  /** Tasks per state in one atomic read. */
  QueueCounts counts(String queue);

  /**
   * Looks a task up in one queue: a live task where it is; else a finished task whose record is
   * still kept, in the record's final state (SUCCEEDED, DEAD, REVOKED or EXPIRED) with
   * {@link StoredTask#record()} and {@link StoredTask#result()}; empty when it is in none.
   */
  Optional<StoredTask> find(String queue, String id);

  /** The kept result of a succeeded task, as stored; empty when none is kept. */
  Optional<String> result(String queue, String id);

  /**
   * Calls {@code listener} with the id of every task of {@code queue} that reaches a final state
   * (SUCCEEDED, DEAD, REVOKED, EXPIRED), until the returned watch is closed. The registration is
   * in effect when this method returns, so a caller that registers first and then reads a task's
   * state misses no ending. Cheap: Redis serves every watch of a broker over one pub/sub
   * connection (channel {@code taskq:{q}:done}); the embedded broker calls listeners in process.
   * Notices may be duplicated; they may be lost while the connection is down, which
   * {@link FinishListener#mayHaveMissed} reports once it is back.
   *
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  FinishWatch watchFinished(String queue, FinishListener listener);

  /** Pauses or resumes claiming from a queue; submissions still land while paused. */
  void setPaused(String queue, boolean paused);

  /** Whether the queue is paused. */
  boolean isPaused(String queue);

  /** Names of every queue that ever had a task enqueued. */
  Set<String> queues();

  /**
   * Blocks until the queue may have work ready (a task was enqueued, a scheduled or retry task
   * became due, or a slot was freed after a claim held back by {@code maxActive}) or
   * {@code timeout} passes. Pending tasks that a limit holds back do not end the wait. Spurious
   * wake-ups are allowed; callers then call {@link #forwardDue} and {@link #claim}. On interrupt
   * returns false with the interrupt flag set.
   *
   * @return true when woken by a signal, false on timeout or interrupt
   */
  boolean awaitWork(String queue, Duration timeout);

  /** Registers or refreshes a worker; the registration expires after {@code ttl}. */
  void workerHeartbeat(WorkerInfo worker, Duration ttl);

  /** Removes a worker's registration (clean stop). */
  void workerGone(String workerId);

  /** Live worker registrations. */
  List<WorkerInfo> workers();

  /** The broker's clock. */
  Instant now();

  /**
   * Settings of the server that put stored tasks at risk, one sentence each, for the worker's
   * start-up log and health checks (for Redis: a {@code maxmemory-policy} other than
   * {@code noeviction}). Empty when there are none or the broker has no such settings.
   */
  default List<String> serverWarnings() {
    return List.of();
  }

  /**
   * Keys of {@code queue} that hold a value of the wrong type (written by hand or by another
   * program), one sentence each naming the key, for health checks and {@code taskq inspect}. The
   * broker refuses every change touching such a key, before writing anything. Empty when there
   * are none or the broker has no such keys.
   */
  default List<String> keyProblems(String queue) {
    return List.of();
  }

  /**
   * The oldest follow-ups of {@code queue}, at most {@code max}, left in place: a worker acts on
   * each (submits by fixed ids, settles workflows, all idempotent) and then removes it with
   * {@link #followUpDone}, so a worker that dies in between leaves it to the next one.
   */
  List<FollowUp> followUps(String queue, int max);

  /** Removes a follow-up {@link #followUps} returned; one already removed is ignored. */
  void followUpDone(String queue, FollowUp followUp);

  /** The records of chains and groups. */
  WorkflowStore workflows();

  /** What beat keeps in this broker: leader lease, firing guard, entry states. */
  BeatStore beat();

  /** Operator actions: listing, purging, replaying and deleting stored tasks. */
  QueueAdmin admin();

  /**
   * The deployment's task event stream (written only when {@code events.enabled}; readable
   * always).
   */
  EventStream events();

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
