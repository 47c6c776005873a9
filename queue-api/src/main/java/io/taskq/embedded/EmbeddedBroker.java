package io.taskq.embedded;

import io.taskq.DeadLetterPolicy;
import io.taskq.QueueConfig;
import io.taskq.TaskState;
import io.taskq.spi.Ack;
import io.taskq.spi.BeatStore;
import io.taskq.spi.Broker;
import io.taskq.spi.QueueAdmin;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.NewTask;
import io.taskq.spi.QueueCounts;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.spi.StoredTask;
import io.taskq.spi.WorkerInfo;
import io.taskq.embedded.QueueState.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
  private static final long DELAYED_POLL_MS = 50;

  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private final Map<String, QueueState> queues = new LinkedHashMap<>();
  private final Map<String, WorkerInfo> workers = new LinkedHashMap<>();
  private final Map<String, Long> workerExpiry = new LinkedHashMap<>();
  private long signals;
  private final EmbeddedBeatStore beat;
  private final EmbeddedQueueAdmin admin = new EmbeddedQueueAdmin(this);

  /** A broker on the system clock. */
  public EmbeddedBroker() {
    this(InstantSource.system());
  }

  /** A broker whose due times and lease deadlines follow {@code clock}. */
  public EmbeddedBroker(InstantSource clock) {
    this.clock = clock;
    this.beat = new EmbeddedBeatStore(this, clock);
  }

  @Override
  public BeatStore beat() {
    return beat;
  }

  @Override
  public QueueAdmin admin() {
    return admin;
  }

  /** Runs {@code body} on a queue's state under the broker's lock, then wakes waiters. */
  <T> T locked(String queue, java.util.function.Function<QueueState, T> body) {
    lock.lock();
    try {
      T out = body.apply(q(queue));
      wake();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Drops an empty queue's state (QueueAdmin.forget). */
  boolean forget(String queue) {
    lock.lock();
    try {
      QueueState s = queues.get(queue);
      if (s != null && counts(queue).live() + counts(queue).dead() > 0) {
        return false;
      }
      queues.remove(queue);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private QueueState q(String queue) {
    return queues.computeIfAbsent(QueueConfig.requireValidName(queue), k -> new QueueState());
  }

  private long nowMillis() {
    return clock.millis();
  }

  @Override
  public EnqueueResult enqueue(List<NewTask> tasks) {
    lock.lock();
    try {
      long now = nowMillis();
      int created = 0;
      List<String> duplicates = new ArrayList<>();
      for (NewTask t : tasks) {
        QueueState s = q(t.queue());
        if (s.tasks.containsKey(t.id())) {
          duplicates.add(t.id());
          continue;
        }
        s.tasks.put(t.id(), t.envelope());
        long due = t.eta() != null ? t.eta().toEpochMilli()
            : t.countdown() != null ? now + t.countdown().toMillis() : now;
        if (due > now) {
          s.scheduled.add(t.id(), due);
        } else {
          s.pending.addLast(t.id());
        }
        created++;
      }
      wake();
      return new EnqueueResult(created, duplicates);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<ClaimedTask> claim(String queue, int max, Duration lease, String workerId) {
    lock.lock();
    try {
      QueueState s = q(queue);
      List<ClaimedTask> out = new ArrayList<>();
      if (s.paused) {
        return out;
      }
      long now = nowMillis();
      long deadline = now + lease.toMillis();
      while (out.size() < max && !s.pending.isEmpty()) {
        String id = s.pending.pollFirst();
        if (!s.tasks.containsKey(id) || s.active.contains(id)) {
          continue; // a duplicate of a finished task or of a held claim: only one may run
        }
        String token = UUID.randomUUID().toString();
        s.active.add(id, deadline);
        s.leases.put(id, new Lease(token, workerId, now, 0));
        out.add(new ClaimedTask(queue, id, s.tasks.get(id), token, Instant.ofEpochMilli(deadline),
            Instant.ofEpochMilli(now), s.crashes.getOrDefault(id, 0)));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code ref} is the current claim of an active task. */
  private static boolean holds(QueueState s, LeaseRef ref) {
    Lease l = s.leases.get(ref.id());
    return l != null && l.token().equals(ref.token()) && s.active.contains(ref.id());
  }

  private static void release(QueueState s, String id) {
    s.active.remove(id);
    s.leases.remove(id);
  }

  @Override
  public void markStarted(String queue, List<LeaseRef> leases) {
    lock.lock();
    try {
      QueueState s = q(queue);
      long now = nowMillis();
      for (LeaseRef ref : leases) {
        if (holds(s, ref)) {
          s.leases.computeIfPresent(ref.id(), (k, l) -> l.started(now));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> extend(String queue, List<LeaseRef> leases, Duration lease) {
    lock.lock();
    try {
      QueueState s = q(queue);
      long deadline = nowMillis() + lease.toMillis();
      Set<String> lost = new HashSet<>();
      for (LeaseRef ref : leases) {
        if (holds(s, ref)) {
          s.active.add(ref.id(), deadline);
        } else {
          lost.add(ref.id());
        }
      }
      return lost;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> ack(String queue, List<Ack> acks) {
    lock.lock();
    try {
      QueueState s = q(queue);
      long now = nowMillis();
      List<String> rejected = new ArrayList<>();
      for (Ack a : acks) {
        String id = a.lease().id();
        if (!holds(s, a.lease())) {
          rejected.add(id);
          continue;
        }
        release(s, id);
        s.tasks.remove(id);
        s.crashes.remove(id);
        s.count("processed", 1);
        if (a.keepsResult()) {
          s.results.put(id, a.result());
          if (a.record() != null) {
            s.records.put(id, a.record());
          }
          s.resultExpiry.add(id, now + a.resultTtl().toMillis());
        }
      }
      expireResults(s, now);
      return rejected;
    } finally {
      lock.unlock();
    }
  }

  private static void expireResults(QueueState s, long now) {
    for (String id : s.resultExpiry.upTo(now, Broker.MAX_BATCH)) {
      s.resultExpiry.remove(id);
      s.results.remove(id);
      s.records.remove(id);
    }
  }

  @Override
  public boolean retry(String queue, LeaseRef lease, String envelope, Duration delay) {
    lock.lock();
    try {
      QueueState s = q(queue);
      if (!holds(s, lease)) {
        return false;
      }
      release(s, lease.id());
      s.tasks.put(lease.id(), envelope);
      s.retry.add(lease.id(), nowMillis() + delay.toMillis());
      s.count("failed", 1);
      s.count("retried", 1);
      wake();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean deadLetter(String queue, LeaseRef lease, String envelope, DeadLetterPolicy caps) {
    lock.lock();
    try {
      QueueState s = q(queue);
      if (!holds(s, lease)) {
        return false;
      }
      release(s, lease.id());
      s.tasks.put(lease.id(), envelope);
      bury(s, lease.id(), caps);
      s.count("failed", 1);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a task to the DLQ and trims it by age, then by size (oldest first). */
  private void bury(QueueState s, String id, DeadLetterPolicy caps) {
    long now = nowMillis();
    s.dead.add(id, now);
    s.count("dead", 1);
    for (String old : s.dead.upTo(now - caps.maxAge().toMillis() - 1, Integer.MAX_VALUE)) {
      drop(s, old);
    }
    while (s.dead.size() > caps.maxSize()) {
      drop(s, s.dead.first());
    }
  }

  private static void drop(QueueState s, String id) {
    s.dead.remove(id);
    s.tasks.remove(id);
    s.crashes.remove(id);
  }

  @Override
  public boolean requeue(String queue, LeaseRef lease) {
    lock.lock();
    try {
      QueueState s = q(queue);
      if (!holds(s, lease)) {
        return false;
      }
      release(s, lease.id());
      s.pending.addFirst(lease.id());
      wake();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int forwardDue(String queue, int limit) {
    lock.lock();
    try {
      QueueState s = q(queue);
      long now = nowMillis();
      int moved = 0;
      for (QueueState.ScoredSet set : List.of(s.scheduled, s.retry)) {
        for (String id : set.upTo(now, limit - moved)) {
          set.remove(id);
          s.pending.addLast(id);
          moved++;
        }
      }
      if (moved > 0) {
        wake();
      }
      return moved;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ReapResult reap(String queue, ReapRequest request) {
    lock.lock();
    try {
      QueueState s = q(queue);
      long now = nowMillis();
      if (!request.guardTtl().isZero()) {
        if (now < s.reaperGuardUntil) {
          return ReapResult.skipped(nextExpiry(s, now, s.reaperGuardUntil - now));
        }
        s.reaperGuardUntil = now + request.guardTtl().toMillis();
      }
      List<String> recovered = new ArrayList<>();
      List<String> dead = new ArrayList<>();
      List<String> expired = s.active.upTo(now, request.limit());
      // oldest deadline first; pushed to the head one by one, so reverse to keep their order
      for (int i = expired.size() - 1; i >= 0; i--) {
        String id = expired.get(i);
        release(s, id);
        int crashes = s.crashes.merge(id, 1, Integer::sum);
        if (crashes > request.maxCrashes()) {
          bury(s, id, request.dead());
          dead.add(0, id);
        } else {
          s.pending.addFirst(id);
          s.count("recovered", 1);
          recovered.add(0, id);
        }
      }
      if (!recovered.isEmpty()) {
        wake();
      }
      return new ReapResult(recovered, dead, false, nextExpiry(s, now, 0));
    } finally {
      lock.unlock();
    }
  }

  /** Until the earliest lease deadline of the queue, at least {@code atLeast} ms; null if none. */
  private static @Nullable Duration nextExpiry(QueueState s, long now, long atLeast) {
    String first = s.active.first();
    if (first == null) {
      return null;
    }
    long deadline = Objects.requireNonNull(s.active.score(first));
    return Duration.ofMillis(Math.max(Math.max(0, deadline - now), atLeast));
  }

  @Override
  public QueueCounts counts(String queue) {
    lock.lock();
    try {
      QueueState s = q(queue);
      return new QueueCounts(s.pending.size(), s.active.size(), s.scheduled.size(),
          s.retry.size(), s.dead.size());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<StoredTask> find(String queue, String id) {
    lock.lock();
    try {
      QueueState s = q(queue);
      expireResults(s, nowMillis());
      String env = s.tasks.get(id);
      int crashes = s.crashes.getOrDefault(id, 0);
      Long score;
      if ((score = s.active.score(id)) != null) {
        Lease l = s.leases.get(id);
        return Optional.of(new StoredTask(queue, id, TaskState.ACTIVE, env,
            Instant.ofEpochMilli(score), l == null ? null : l.info(score), crashes));
      }
      for (var e : Map.of(TaskState.SCHEDULED, s.scheduled, TaskState.RETRY, s.retry,
          TaskState.DEAD, s.dead).entrySet()) {
        if ((score = e.getValue().score(id)) != null) {
          return Optional.of(new StoredTask(queue, id, e.getKey(), env,
              Instant.ofEpochMilli(score), null, crashes));
        }
      }
      if (s.pending.contains(id)) {
        return Optional.of(new StoredTask(queue, id, TaskState.PENDING, env, null, null, crashes));
      }
      if (s.results.containsKey(id)) {
        return Optional.of(new StoredTask(queue, id, TaskState.SUCCEEDED, null, null, null, 0,
            s.records.get(id), s.results.get(id)));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> result(String queue, String id) {
    lock.lock();
    try {
      QueueState s = q(queue);
      expireResults(s, nowMillis());
      return Optional.ofNullable(s.results.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setPaused(String queue, boolean paused) {
    lock.lock();
    try {
      q(queue).paused = paused;
      wake();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isPaused(String queue) {
    lock.lock();
    try {
      return q(queue).paused;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> queues() {
    lock.lock();
    try {
      return new TreeSet<>(queues.keySet());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitWork(String queue, Duration timeout) {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      QueueState s = q(queue);
      long seen = signals;
      while (true) {
        if (signals != seen || (!s.paused && !s.pending.isEmpty()) || dueNow(s)) {
          return true;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        boolean delayed = s.scheduled.size() + s.retry.size() > 0;
        long wait = delayed ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(DELAYED_POLL_MS)) : left;
        try {
          signal.awaitNanos(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean dueNow(QueueState s) {
    long now = nowMillis();
    for (QueueState.ScoredSet set : List.of(s.scheduled, s.retry)) {
      String first = set.first();
      if (first != null && set.score(first) <= now) {
        return true;
      }
    }
    return false;
  }

  private void wake() {
    signals++;
    signal.signalAll();
  }

  @Override
  public void workerHeartbeat(WorkerInfo worker, Duration ttl) {
    lock.lock();
    try {
      long now = nowMillis();
      workers.put(worker.id(), new WorkerInfo(worker.id(), worker.host(), worker.pid(),
          worker.queues(), worker.concurrency(), worker.active(), worker.startedAt(),
          Instant.ofEpochMilli(now)));
      workerExpiry.put(worker.id(), now + ttl.toMillis());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void workerGone(String workerId) {
    lock.lock();
    try {
      workers.remove(workerId);
      workerExpiry.remove(workerId);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<WorkerInfo> workers() {
    lock.lock();
    try {
      long now = nowMillis();
      workerExpiry.entrySet().removeIf(e -> {
        boolean expired = e.getValue() <= now;
        if (expired) {
          workers.remove(e.getKey());
        }
        return expired;
      });
      return List.copyOf(workers.values());
    } finally {
      lock.unlock();
    }
  }

  /** Counter of a queue ({@code processed}, {@code failed}, {@code retried}, {@code dead}, {@code recovered}). */
  public long stat(String queue, String name) {
    lock.lock();
    try {
      return q(queue).stats.getOrDefault(name, 0L);
    } finally {
      lock.unlock();
    }
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
