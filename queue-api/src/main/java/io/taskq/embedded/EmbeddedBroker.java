package io.taskq.embedded;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.EventStream;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
import io.taskq.spi.FollowUp;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.Revocation;
import io.taskq.spi.RevokeSignal;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import io.taskq.spi.WorkerInfo;
import io.taskq.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link Broker} with the Redis broker's semantics (leases, fencing tokens, retry due
 * times, DLQ caps, crash counts), for unit tests of tasks and for the demo without Redis. State
 * lives in this object only: it is lost when the JVM exits and is not shared between processes.
 * Thread-safe (one lock).
 *
 * <p>Time comes from the given {@link InstantSource}. {@link #awaitWork} is woken at once by an
 * enqueue; delayed work is noticed by re-checking the clock every 50 ms at most, so a test that
 * moves a settable clock sees the wake-up without real waiting.
 */
public final class EmbeddedBroker implements Broker {
  // the parts, one concern each, all on the queues' one lock (EmbeddedQueues)
  private final InstantSource clock;
  private final EmbeddedQueues queues;
  private final TaskLifecycle lifecycle;
  private final Revokes revokes;
  private final QueueSweeps sweeps;
  private final EmbeddedQueueAdmin admin;
  private final EmbeddedWorkers workers = new EmbeddedWorkers();
  private final EmbeddedBeatStore beat;
  private final EmbeddedWorkflows workflows;
  private final EmbeddedEventStream events = new EmbeddedEventStream();

  /** A broker on the system clock. */
  public EmbeddedBroker() {
    this(InstantSource.system());
  }

  /** A broker whose due times and lease deadlines follow {@code clock}. */
  public EmbeddedBroker(InstantSource clock) {
    this.clock = clock;
    this.queues = new EmbeddedQueues(clock);
    this.lifecycle = new TaskLifecycle(queues);
    this.revokes = new Revokes(queues);
    this.sweeps = new QueueSweeps(queues);
    this.admin = new EmbeddedQueueAdmin(queues);
    this.beat = new EmbeddedBeatStore(this, clock);
    this.workflows = new EmbeddedWorkflows(clock);
  }

  @Override
  public BeatStore beat() {
    return beat;
  }

  @Override
  public QueueAdmin admin() {
    return admin;
  }

  @Override
  public List<FollowUp> followUps(String queue, int max) {
    return queues.locked(() -> queues.state(queue).followUps.oldest(max));
  }

  @Override
  public void followUpDone(String queue, FollowUp followUp) {
    queues.locked(() -> queues.state(queue).followUps.done(followUp));
  }

  @Override
  public WorkflowStore workflows() {
    return workflows;
  }

  @Override
  public EventStream events() {
    return events;
  }

  @Override
  public EnqueueResult enqueue(List<NewTask> tasks) {
    return lifecycle.enqueue(tasks);
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    return lifecycle.claim(r);
  }

  @Override
  public void markStarted(String queue, List<LeaseRef> leases) {
    lifecycle.markStarted(queue, leases);
  }

  @Override
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    return lifecycle.extend(queue, leases, lease);
  }

  @Override
  public List<String> ack(String queue, List<Ack> acks) {
    return lifecycle.ack(queue, acks);
  }

  /** Both under the one lock: no other call sees the acks without the claim. */
  @Override
  public AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    return lifecycle.ackAndClaim(acks, next);
  }

  @Override
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    return lifecycle.retry(queue, lease, envelope, delay);
  }

  @Override
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl) {
    return lifecycle.deadLetter(queue, lease, envelope, caps, record, resultTtl);
  }

  @Override
  public boolean requeue(String queue, LeaseRef lease) {
    return lifecycle.requeue(queue, lease);
  }

  @Override
  public Map<String, TaskState> revoke(String queue, List<Revocation> revocations,
      boolean terminate, Duration resultTtl) {
    return revokes.revoke(queue, revocations, terminate, resultTtl);
  }

  @Override
  public boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl) {
    return lifecycle.finish(queue, lease, record, resultTtl);
  }

  @Override
  public AutoCloseable watchRevokes(Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener) {
    return revokes.watchRevokes(queues, workerId, listener);
  }

  @Override
  public int forwardDue(String queue, int limit) {
    return sweeps.forwardDue(queue, limit);
  }

  @Override
  public ReapResult reap(String queue, ReapRequest request) {
    return sweeps.reap(queue, request);
  }

  @Override
  public QueueCounts counts(String queue) {
    return queues.locked(() -> queues.state(queue).counts());
  }

  @Override
  public Optional<StoredTask> find(String queue, String id) {
    return queues.atNow(queue, (s, now) -> {
      s.kept.expire(now);
      return s.find(queue, id);
    });
  }

  @Override
  public Optional<String> result(String queue, String id) {
    return queues.atNow(queue, (s, now) -> {
      s.kept.expire(now);
      return Optional.ofNullable(s.kept.result(id));
    });
  }

  /** Listeners are called on the thread that made the change, after the broker's lock. */
  @Override
  public FinishWatch watchFinished(String queue, FinishListener listener) {
    return queues.watchFinished(queue, listener);
  }

  @Override
  public void setPaused(String queue, boolean paused) {
    queues.locked(queue, s -> s.paused = paused); // and wakes waiters
  }

  @Override
  public boolean isPaused(String queue) {
    return queues.locked(() -> queues.state(queue).paused);
  }

  @Override
  public Set<String> queues() {
    return queues.names();
  }

  @Override
  public boolean awaitWork(String queue, Duration timeout) {
    return queues.awaitWork(queue, timeout);
  }

  @Override
  public void workerHeartbeat(WorkerInfo worker, Duration ttl) {
    queues.locked(() -> workers.heartbeat(worker, ttl, queues.nowMillis()));
  }

  @Override
  public void workerGone(String workerId) {
    queues.locked(() -> workers.gone(workerId));
  }

  @Override
  public List<WorkerInfo> workers() {
    return queues.locked(() -> workers.alive(queues.nowMillis()));
  }

  /**
   * Counter of a queue ({@code processed}, {@code failed}, {@code retried}, {@code dead},
   * {@code recovered}).
   */
  public long stat(String queue, String name) {
    return queues.locked(() -> queues.state(queue).stats.getOrDefault(name, 0L));
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    // nothing to release: state is on the heap
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + queues.size() + " queues]";
  }
}
