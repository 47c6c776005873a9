package io.taskq.worker.internal;

import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The tasks this worker holds and the slots they occupy: one {@link Semaphore} per queue bounds how
 * many tasks of the queue the worker holds at once (claimed, running or being routed).
 */
public final class ActiveTasks {
  private final Map<String, RunningTask> byToken = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
  private final Map<String, Integer> capacity;
  private final AtomicLong added = new AtomicLong();
  private final Quarantine quarantine = new Quarantine(this::holdsOtherThan);
  private final Object emptied = new Object();
  private final TimeSource time;

  /**
   * @param capacity slots per queue
   * @param time the source {@link #awaitEmpty} reads
   */
  public ActiveTasks(Map<String, Integer> capacity, TimeSource time) {
    this.capacity = Map.copyOf(capacity);
    this.time = time;
    capacity.forEach((q, n) -> slots.put(q, new Semaphore(n)));
  }

  /**
   * Takes between one and {@code max} free slots of {@code queue}, waiting up to {@code wait} for
   * the first.
   *
   * @return slots taken, 0 when none freed up in time
   */
  public int acquire(String queue, int max, Duration wait) throws InterruptedException {
    Semaphore s = slotsOf(queue);
    if (!s.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return 0;
    }
    int taken = 1 + s.drainPermits();
    if (taken > max) {
      s.release(taken - max);
      taken = max;
    }
    return taken;
  }

  /** The slots of one of the queues this worker was made with. */
  private Semaphore slotsOf(String queue) {
    Semaphore s = slots.get(queue);
    if (s == null) {
      throw new IllegalArgumentException("queue '" + queue + "' has no slots on this worker; its"
          + " queues are " + capacity.keySet());
    }
    return s;
  }

  /** Gives back slots taken with {@link #acquire} that no task occupies. */
  public void release(String queue, int n) {
    Semaphore s = slots.get(queue);
    if (n > 0 && s != null) { // no slots at all for an InlineWorker, which takes none
      s.release(n);
    }
  }

  public void add(RunningTask task) {
    added.incrementAndGet();
    byToken.put(task.ref().token(), task); // one task id may be claimed again after a lost lease
  }

  /** The task this worker holds under {@code token}, or null. */
  public @Nullable RunningTask byToken(String token) {
    return byToken.get(token);
  }

  /** How many tasks were ever added: unchanged between two reads means none was claimed. */
  public long addedTotal() {
    return added.get();
  }

  /** True when no task is held and no slot is taken (no claim in flight). */
  public boolean isQuiet() {
    return byToken.isEmpty() && capacity.entrySet().stream()
        .allMatch(e -> slotsOf(e.getKey()).availablePermits() == e.getValue());
  }

  /**
   * Decides whether the handler of {@code task} starts: at once, unless a task on its last crash
   * recovery runs or waits to run alone ({@link Quarantine}).
   */
  public Quarantine.Turn awaitTurn(RunningTask task) throws InterruptedException {
    return quarantine.admit(task);
  }

  /**
   * Waits up to {@code max} until the worker may claim: not while a task on its last crash
   * recovery runs or waits to run alone. True when it may.
   */
  public boolean awaitClaimable(Duration max) throws InterruptedException {
    return quarantine.awaitOpen(max);
  }

  /** True while a task on its last crash recovery runs or waits to run alone: claim nothing. */
  public boolean isolating() {
    return quarantine.isolating();
  }

  /** Whether any task or slot is held besides {@code task} and its own slot. */
  private boolean holdsOtherThan(RunningTask task) {
    if (byToken.size() > 1 || (byToken.size() == 1 && !byToken.containsValue(task))) {
      return true;
    }
    int taken = 0;
    for (Map.Entry<String, Integer> e : capacity.entrySet()) {
      taken += e.getValue() - slotsOf(e.getKey()).availablePermits();
    }
    return taken > 1;
  }

  /** Undoes {@link #awaitTurn} for a task whose handler did not start after all. */
  public void turnUnused(RunningTask task) {
    quarantine.leave(task);
  }

  /** Forgets a task and frees its slot; only the caller that ended the task calls this. */
  public void remove(RunningTask task) {
    if (byToken.remove(task.ref().token(), task)) {
      quarantine.leave(task);
      release(task.claim().queue(), 1);
      if (byToken.isEmpty()) {
        synchronized (emptied) {
          emptied.notifyAll();
        }
      }
    }
  }

  /**
   * Waits until no task is held, at most {@code max} of the worker's {@link TimeSource}; true if
   * none is. For the shutdown grace, and for {@link InlineWorker}, whose task stopped by its time
   * limit is routed on another thread.
   */
  public boolean awaitEmpty(Duration max) throws InterruptedException {
    Deadline deadline = Deadline.in(time, max);
    synchronized (emptied) {
      return deadline.await(emptied, byToken::isEmpty);
    }
  }

  public Collection<RunningTask> all() {
    return List.copyOf(byToken.values());
  }

  public List<RunningTask> ofQueue(String queue) {
    return byToken.values().stream().filter(t -> t.claim().queue().equals(queue)).toList();
  }

  public int size() {
    return byToken.size();
  }

  public boolean isEmpty() {
    return byToken.isEmpty();
  }

  public int capacity() {
    return capacity.values().stream().mapToInt(Integer::intValue).sum();
  }
}
