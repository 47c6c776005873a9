package io.taskq.embedded;

import io.taskq.DeadLetterPolicy;
import io.taskq.QueueShards;
import io.taskq.TaskState;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.FollowUp;
import io.taskq.spi.EventStream;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
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
  private final InstantSource clock;
  private final BrokerMonitor monitor = new BrokerMonitor();
  private final Map<String, QueueState> queues = new LinkedHashMap<>();
  private final EmbeddedWorkers workers = new EmbeddedWorkers();
  private final EmbeddedBeatStore beat;
  private final EmbeddedQueueAdmin admin = new EmbeddedQueueAdmin(this);
  private final EmbeddedWorkflows workflows;
  private final EmbeddedEventStream events = new EmbeddedEventStream();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final Map<String, List<FinishListener>> watchers = new ConcurrentHashMap<>();

  /** A broker on the system clock. */
  public EmbeddedBroker() {
    this(InstantSource.system());
  }

  /** A broker whose due times and lease deadlines follow {@code clock}. */
  public EmbeddedBroker(InstantSource clock) {
    this.clock = clock;
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
    return locked(() -> {
      return q(queue).followUps.oldest(max);
    });
  }

  @Override
  public void followUpDone(String queue, FollowUp followUp) {
    locked(() -> {
      q(queue).followUps.done(followUp);
    });
  }

  @Override
  public WorkflowStore workflows() {
    return workflows;
  }

  @Override
  public EventStream events() {
    return events;
  }

  /**
   * Runs {@code body} under the broker's lock: every operation is atomic. Tasks that reached a
   * final state meanwhile are told to watchers once the lock is released.
   */
  private <T> T locked(Supplier<T> body) {
    List<Map.Entry<String, String>> done = new ArrayList<>();
    T out = monitor.locked(() -> {
      T r = body.get();
      for (var e : queues.entrySet()) {
        e.getValue().kept.drainFinished(id -> done.add(Map.entry(e.getKey(), id)));
      }
      return r;
    });
    for (var d : done) {
      List<FinishListener> ls = watchers.get(d.getKey());
      if (ls != null) {
        ls.forEach(l -> l.finished(d.getKey(), d.getValue()));
      }
    }
    return out;
  }

  private void locked(Runnable body) {
    locked(() -> {
      body.run();
      return null;
    });
  }

  /** Runs {@code body} on a queue's state under the broker's lock, then wakes waiters. */
  <T> T locked(String queue, Function<QueueState, T> body) {
    return locked(() -> {
      T out = body.apply(q(queue));
      wake();
      return out;
    });
  }

  /** Runs {@code body} on a queue's state at the clock's current time (ms), under the lock. */
  private <T> T atNow(String queue, BiFunction<QueueState, Long, T> body) {
    return locked(() -> body.apply(q(queue), nowMillis()));
  }

  /** Drops an empty queue's state (QueueAdmin.forget). */
  boolean forget(String queue) {
    return locked(() -> {
      QueueState s = queues.get(queue);
      if (s != null && s.counts().live() + s.counts().dead() > 0) {
        return false;
      }
      queues.remove(queue);
      return true;
    });
  }

  private QueueState q(String queue) {
    return queues.computeIfAbsent(QueueShards.requireValid(queue), k -> new QueueState());
  }

  private long nowMillis() {
    return clock.millis();
  }

  @Override
  public EnqueueResult enqueue(List<NewTask> tasks) {
    return locked(() -> {
      long now = nowMillis();
      int created = 0;
      List<String> duplicates = new ArrayList<>();
      Map<String, String> held = new LinkedHashMap<>();
      for (NewTask t : tasks) {
        QueueState s = q(t.queue());
        String holder = t.uniqueKey() != null && !s.tasks.containsKey(t.id())
            ? s.uniqueHolder(t.uniqueKey(), now) : null;
        if (holder != null) {
          held.put(t.id(), holder);
        } else if (s.add(t, now)) {
          created++;
        } else {
          duplicates.add(t.id());
        }
      }
      wake();
      return new EnqueueResult(created, duplicates, held);
    });
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    return locked(() -> claimLocked(r));
  }

  private ClaimResult claimLocked(ClaimRequest r) {
    QueueState s = q(r.queue());
    if (s.paused) {
      return ClaimResult.none();
    }
    long now = nowMillis();
    // the gate before the pop, as in the Redis claim script
    int allowed = s.gate.allowed(r, now, s.active.size());
    List<ClaimedTask> claimed = allowed == 0 ? List.of()
        : s.claim(r.queue(), allowed, now, r.lease(), r.workerId());
    return s.gate.settle(r, now, claimed, s.active.size(), !s.pending.isEmpty());
  }

  @Override
  public void markStarted(String queue, List<LeaseRef> leases) {
    locked(() -> {
      QueueState s = q(queue);
      long now = nowMillis();
      for (LeaseRef ref : leases) {
        if (s.holds(ref)) {
          s.leases.computeIfPresent(ref.id(), (k, l) -> l.started(now));
        }
      }
    });
  }

  @Override
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    return locked(() -> {
      QueueState s = q(queue);
      long deadline = nowMillis() + lease.toMillis();
      Set<String> lost = new HashSet<>();
      for (LeaseRef ref : leases) {
        if (s.holds(ref)) {
          s.active.add(ref.id(), deadline);
        } else {
          lost.add(ref.id());
        }
      }
      return lost;
    });
  }

  @Override
  public List<String> ack(String queue, List<Ack> acks) {
    return atNow(queue, (s, now) -> ackLocked(s, now, acks));
  }

  private List<String> ackLocked(QueueState s, long now, List<Ack> acks) {
    List<String> rejected = new ArrayList<>();
    for (Ack a : acks) {
      String id = a.lease().id();
      if (!s.holds(a.lease())) {
        rejected.add(id);
        continue;
      }
      if (s.release(id)) {
        wake(); // a claim cut by maxActive waits for this slot
      }
      s.followUps.settle(id, TaskState.SUCCEEDED, a.result(), a.record());
      s.forget(id);
      s.count("processed", 1);
      s.kept.keep(id, a.record(), a.result(),
          a.keepsRecord() ? a.resultTtl().toMillis() : 0, now);
    }
    s.kept.expire(now);
    return rejected;
  }

  /** Both under the one lock: no other call sees the acks without the claim. */
  @Override
  public AckClaimResult ackAndClaim(List<Ack> acks, ClaimRequest next) {
    return locked(() -> {
      List<String> rejected = acks.isEmpty() ? List.of()
          : ackLocked(q(next.queue()), nowMillis(), acks);
      return new AckClaimResult(rejected, next.max() < 1 ? ClaimResult.none()
          : claimLocked(next));
    });
  }

  /**
   * Ends a held claim as a failed attempt: stores the new envelope, counts it, then files the
   * task with {@code then}. False (nothing changed) when the claim is no longer held.
   */
  private boolean fail(String queue, LeaseRef lease, String envelope,
      BiConsumer<QueueState, Long> then) {
    return locked(() -> {
      QueueState s = q(queue);
      if (!s.holds(lease)) {
        return false;
      }
      if (s.release(lease.id())) {
        wake(); // a claim cut by maxActive waits for this slot
      }
      s.tasks.put(lease.id(), envelope);
      s.count("failed", 1);
      then.accept(s, nowMillis());
      return true;
    });
  }

  @Override
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    return fail(queue, lease, envelope, (s, now) -> {
      // a revoked task is due at once: its next claim ends it REVOKED, it never runs again
      s.retry.add(lease.id(), s.revoked.contains(lease.id()) ? now : now + delay.toMillis());
      s.count("retried", 1);
      wake();
    });
  }

  @Override
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps,
      @Nullable TaskRecord record, Duration resultTtl) {
    return fail(queue, lease, envelope, (s, now) -> {
      s.followUps.settle(lease.id(), TaskState.DEAD, null, record);
      s.kept.keep(lease.id(), record, null, record == null ? 0 : resultTtl.toMillis(), now);
      s.bury(lease.id(), now, caps);
      s.kept.expire(now);
    });
  }

  @Override
  public boolean requeue(String queue, LeaseRef lease) {
    return locked(() -> {
      QueueState s = q(queue);
      if (!s.holds(lease)) {
        return false;
      }
      s.release(lease.id()); // the wake-up below serves a claim waiting for this slot too
      s.pushFirst(lease.id());
      wake();
      return true;
    });
  }

  @Override
  public Map<String, TaskState> revoke(String queue, List<Revocation> revocations,
      boolean terminate, Duration resultTtl) {
    List<Runnable> tell = new ArrayList<>();
    Map<String, TaskState> out = atNow(queue, (s, now) -> {
      s.trimRevoked(now);
      long keepUntil = now + Math.max(resultTtl.toMillis(), REVOKE_KEEP.toMillis());
      Map<String, TaskState> states = new LinkedHashMap<>();
      for (Revocation r : revocations) {
        TaskState state = s.revoke(r.id(), r.record(), now, keepUntil, resultTtl.toMillis());
        if (state == null) {
          continue;
        }
        states.put(r.id(), state);
        Lease l = s.leases.get(r.id());
        if (state == TaskState.ACTIVE && l != null) {
          for (Watch w : watches) {
            if (w.workerId().equals(l.workerId()) && w.queues().contains(queue)) {
              RevokeSignal signal =
                  new RevokeSignal(queue, new LeaseRef(r.id(), l.token()), terminate);
              tell.add(() -> w.listener().accept(signal));
            }
          }
        }
      }
      return states;
    });
    tell.forEach(Runnable::run); // outside the lock: a listener may call back
    return out;
  }

  @Override
  public boolean finish(String queue, LeaseRef lease, TaskRecord record, Duration resultTtl) {
    return atNow(queue, (s, now) -> {
      if (!s.holds(lease)) {
        return false;
      }
      if (s.release(lease.id())) {
        wake(); // a claim cut by maxActive waits for this slot
      }
      s.end(lease.id(), record, now, resultTtl.toMillis());
      return true;
    });
  }

  @Override
  public AutoCloseable watchRevokes(Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener) {
    Watch w = new Watch(Set.copyOf(queues), workerId, listener);
    watches.add(w);
    return () -> watches.remove(w);
  }

  /** A worker's subscription to revokes of the tasks it holds. */
  private record Watch(Set<String> queues, String workerId, Consumer<RevokeSignal> listener) {}

  @Override
  public int forwardDue(String queue, int limit) {
    return atNow(queue, (s, now) -> {
      int moved = s.forwardDue(now, limit);
      if (moved > 0) {
        wake();
      }
      return moved;
    });
  }

  @Override
  public ReapResult reap(String queue, ReapRequest request) {
    return atNow(queue, (s, now) -> {
      if (s.nextExpiry(now, 0) == null) { // nothing active: nothing to do, no guard (as Redis)
        return new ReapResult(List.of(), List.of(), false, null);
      }
      if (!request.guardTtl().isZero()) {
        if (now < s.reaperGuardUntil) {
          return ReapResult.skipped(s.nextExpiry(now, s.reaperGuardUntil - now));
        }
        s.reaperGuardUntil = now + request.guardTtl().toMillis();
      }
      ReapResult r = s.recoverExpired(now, request);
      if (!r.recovered().isEmpty() || !r.deadLettered().isEmpty()) { // slots freed, work returned
        wake();
      }
      return r;
    });
  }

  @Override
  public QueueCounts counts(String queue) {
    return locked(() -> q(queue).counts());
  }

  @Override
  public Optional<StoredTask> find(String queue, String id) {
    return atNow(queue, (s, now) -> {
      s.kept.expire(now);
      return s.find(queue, id);
    });
  }

  @Override
  public Optional<String> result(String queue, String id) {
    return atNow(queue, (s, now) -> {
      s.kept.expire(now);
      return Optional.ofNullable(s.kept.result(id));
    });
  }

  /** Listeners are called on the thread that made the change, after the broker's lock. */
  @Override
  public FinishWatch watchFinished(String queue, FinishListener listener) {
    QueueShards.requireValid(queue);
    watchers.computeIfAbsent(queue, q -> new CopyOnWriteArrayList<>()).add(listener);
    var closed = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        watchers.computeIfPresent(queue, (q, ls) -> {
          ls.remove(listener);
          return ls.isEmpty() ? null : ls;
        });
      }
    };
  }

  @Override
  public void setPaused(String queue, boolean paused) {
    locked(() -> {
      q(queue).paused = paused;
      wake();
    });
  }

  @Override
  public boolean isPaused(String queue) {
    return locked(() -> q(queue).paused);
  }

  @Override
  public Set<String> queues() {
    return locked(() -> new TreeSet<>(queues.keySet()));
  }

  @Override
  public boolean awaitWork(String queue, Duration timeout) {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    return locked(() -> {
      QueueState s = q(queue);
      // pending work held back by a limit is not ready: a freed slot wakes, a token comes due
      return monitor.await(() -> (!s.paused && !s.pending.isEmpty()
              && s.gate.open(nowMillis())) || s.dueAt(nowMillis()),
          () -> s.scheduled.size() + s.retry.size() > 0 || s.gate.waitsForToken(nowMillis()),
          deadlineNanos);
    });
  }

  /** Wakes {@link #awaitWork}; called under the lock. */
  private void wake() {
    monitor.wake();
  }

  @Override
  public void workerHeartbeat(WorkerInfo worker, Duration ttl) {
    locked(() -> workers.heartbeat(worker, ttl, nowMillis()));
  }

  @Override
  public void workerGone(String workerId) {
    locked(() -> workers.gone(workerId));
  }

  @Override
  public List<WorkerInfo> workers() {
    return locked(() -> workers.alive(nowMillis()));
  }

  /** Counter of a queue ({@code processed}, {@code failed}, {@code retried}, {@code dead}, {@code recovered}). */
  public long stat(String queue, String name) {
    return locked(() -> q(queue).stats.getOrDefault(name, 0L));
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
