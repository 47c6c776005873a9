package io.taskq.worker.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task on its last crash recovery alone in this worker, so that a crash of the JVM is
 * charged to that task only.
 *
 * <p>The reaper cannot tell which of the tasks of a dead worker killed it, so it counts a crash
 * for each task the worker held. A poison task that halts its JVM would take the innocent tasks
 * held beside it to the DLQ together with it. A task with as many crash recoveries as its queue
 * allows (a <em>suspect</em>) therefore starts only when the worker holds no other task: no other
 * handler runs, no claim is in flight, and tasks claimed meanwhile (other suspects included) have
 * been given back to the head of pending without a crash counted; fetchers claim nothing while it
 * waits or runs. If the JVM dies now, the suspect is the one to blame; the innocents, each on
 * its own last chance, finish one by one. Tasks with fewer crashes take a lock-free path, so
 * neither a worker restart nor the hot path pays for this.
 *
 * <p>A task leaves when its slot is freed ({@link ActiveTasks#remove}), which the hard time limit
 * guarantees even for a handler that ignores interrupts, so the worker cannot wedge here.
 */
final class Quarantine {
  /** What a claimed task does next. */
  enum Turn {
    /** Start the handler. */
    RUN,
    /** Hand the task back to pending: a suspect runs or waits to run alone. */
    GIVE_BACK,
    /** Nothing: the task was ended (shutdown, lost lease) while it waited. */
    ENDED
  }

  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Predicate<RunningTask> holdsOthers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Handlers admitted the usual way and not yet left. */
  private final AtomicInteger shared = new AtomicInteger();
  /** The suspect waiting to run alone or running alone; written under the lock. */
  private volatile @Nullable RunningTask alone;

  /**
   * @param holdsOthers whether the worker holds any task or slot besides the given one (a claim
   *     in flight, tasks being given back)
   */
  Quarantine(Predicate<RunningTask> holdsOthers) {
    this.holdsOthers = holdsOthers;
  }

  /** True when {@code t} must run alone: it is on its last crash recovery. */
  static boolean mustRunAlone(RunningTask t) {
    int crashes = t.claim().crashRecoveries();
    return crashes > 0 && crashes >= t.queue().maxCrashes();
  }

  /** True while a suspect runs or waits to run alone: the worker should claim nothing. */
  boolean isolating() {
    return alone != null;
  }

  /** Waits up to {@code max} for {@link #isolating()} to end; true when it has. */
  boolean awaitOpen(Duration max) throws InterruptedException {
    if (alone == null) {
      return true;
    }
    long left = max.toNanos();
    lock.lock();
    try {
      while (alone != null) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Decides whether {@code t} starts now, waiting only for a suspect's turn to come. */
  Turn admit(RunningTask t) throws InterruptedException {
    if (mustRunAlone(t)) {
      return admitAlone(t);
    }
    if (alone == null) {
      shared.incrementAndGet(); // then re-check: a suspect sets alone, then reads shared
      if (alone == null) {
        t.admitted().set(true);
        return Turn.RUN;
      }
      shared.decrementAndGet();
      signal();
    }
    return Turn.GIVE_BACK;
  }

  private Turn admitAlone(RunningTask t) throws InterruptedException {
    lock.lock();
    try {
      if (alone != null) {
        return Turn.GIVE_BACK;
      }
      alone = t; // then read what the worker holds: a fetcher takes slots, then reads alone
      t.admitted().set(true);
      while (shared.get() > 0 || holdsOthers.test(t)) {
        if (t.state() != RunningTask.State.CLAIMED) {
          return Turn.ENDED; // ActiveTasks.remove has called leave, or turnUnused will
        }
        changed.awaitNanos(RECHECK_NANOS);
      }
      return Turn.RUN;
    } finally {
      lock.unlock();
    }
  }

  /** Lets others start once {@code t} no longer runs; a no-op for a task not admitted. */
  void leave(RunningTask t) {
    if (!t.admitted().compareAndSet(true, false)) {
      return;
    }
    if (alone != t) {
      shared.decrementAndGet();
      if (alone != null) {
        signal();
      }
      return;
    }
    lock.lock();
    try {
      alone = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
