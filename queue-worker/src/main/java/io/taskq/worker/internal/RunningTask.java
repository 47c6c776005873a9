package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.internal.TaskEnvelope;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.LeaseRef;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One claimed task on this worker, from claim to outcome. Several parties may want to end it (the
 * handler returning, the time limit, a lost lease, shutdown); {@link #end} lets exactly one win,
 * and the winner routes the outcome and frees the slot.
 */
public final class RunningTask {
  /** Where the task is. CLAIMED and RUNNING hold a lease this worker extends. */
  public enum State { CLAIMED, RUNNING, FINISHED, TIMED_OUT, LOST, ABANDONED, REVOKED }

  private final ClaimedTask claim;
  private final QueueConfig queue;
  private final TimeSource time;
  private final AtomicReference<State> state = new AtomicReference<>(State.CLAIMED);
  private final AtomicBoolean admitted = new AtomicBoolean();
  /** Holds one of its queue's run slots ({@link ActiveTasks#admit}). */
  private final AtomicBoolean runSlot = new AtomicBoolean();
  private final long claimedNanos;
  private volatile long sequence;
  private volatile @Nullable Thread thread;
  private volatile @Nullable Runnable onTimeLimit;
  private volatile long timeLimitNanos; // time.nanoTime() past which onTimeLimit runs
  private final AtomicReference<@Nullable Runnable> onSoftLimit = new AtomicReference<>();
  private volatile long softLimitNanos;
  private volatile boolean cancelled;
  private volatile boolean handlerLeft; // written under this object's monitor
  private volatile long startedNanos;
  private volatile boolean revoked;
  private volatile @Nullable TaskEnvelope envelope;
  private volatile @Nullable Instant startedAt;

  /** @param time the source of its start, time limit and elapsed time */
  public RunningTask(ClaimedTask claim, QueueConfig queue, TimeSource time) {
    this.claim = claim;
    this.queue = queue;
    this.time = time;
    this.claimedNanos = time.nanoTime();
  }

  /** Whether the task holds one of its queue's run slots. */
  AtomicBoolean runSlot() {
    return runSlot;
  }

  /** The order in which this worker took the task ({@link ActiveTasks#add}). */
  long sequence() {
    return sequence;
  }

  void sequence(long n) {
    sequence = n;
  }

  /**
   * The broker's time now, as the claim's time plus the time the task waited on this worker since
   * (reserved by prefetch): what its expiry is checked against when it starts.
   */
  public Instant brokerNow() {
    return claim.claimedAt().plusNanos(Math.max(0, time.nanoTime() - claimedNanos));
  }

  public ClaimedTask claim() {
    return claim;
  }

  public QueueConfig queue() {
    return queue;
  }

  public String id() {
    return claim.id();
  }

  public LeaseRef ref() {
    return claim.ref();
  }

  /** Whether the {@link Quarantine} admitted the handler and it has not left yet. */
  AtomicBoolean admitted() {
    return admitted;
  }

  public State state() {
    return state.get();
  }

  /**
   * True while the lease should be extended: claimed, running, or finished with its outcome still
   * being recorded (which may wait out a broker outage). A timed-out task is not extended.
   */
  public boolean holdsLease() {
    State s = state.get();
    return s == State.CLAIMED || s == State.RUNNING || s == State.FINISHED;
  }

  /** Moves CLAIMED → RUNNING on the handler's thread; false when it was ended before starting. */
  public boolean start() {
    thread = Thread.currentThread();
    startedNanos = time.nanoTime();
    return state.compareAndSet(State.CLAIMED, State.RUNNING);
  }

  /** Ends the task from {@code from}; true for the one caller that wins. */
  public boolean end(State from, State to) {
    return state.compareAndSet(from, to);
  }

  /** Ends a task that holds its lease (claimed or running) with {@code to}; true if this won. */
  public boolean endHeld(State to) {
    return end(State.RUNNING, to) || end(State.CLAIMED, to);
  }

  /** Its handler is about to run with {@code envelope}, from {@code startedAt}. */
  void running(TaskEnvelope envelope, Instant startedAt) {
    this.envelope = envelope;
    this.startedAt = startedAt;
  }

  /** Its envelope once its handler was about to run, else null. */
  @Nullable TaskEnvelope envelope() {
    return envelope;
  }

  /** When its handler started, or null. */
  @Nullable Instant startedAt() {
    return startedAt;
  }

  /** Marks the task revoked while it runs: it finishes, but a failure is not retried. */
  public void markRevoked() {
    revoked = true;
  }

  /** Whether the task was revoked while this worker held it. */
  public boolean isRevoked() {
    return revoked || claim.revoked();
  }

  /** Interrupts the handler thread, if it started. */
  public void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Arms the hard time limit: {@code action} is due {@code limit} from now. */
  public void armTimeLimit(Duration limit, Runnable action) {
    timeLimitNanos = time.nanoTime() + limit.toNanos();
    onTimeLimit = action;
  }

  /** Arms the soft time limit: {@code action} is due once, {@code limit} from now. */
  public void armSoftLimit(Duration limit, Runnable action) {
    softLimitNanos = time.nanoTime() + limit.toNanos();
    onSoftLimit.set(action);
  }

  /** Disarms both limits. */
  public void cancelTimeLimit() {
    onTimeLimit = null;
    onSoftLimit.set(null);
  }

  /**
   * The action due at {@code nanoTime} of the source, else null: the hard limit's while it is
   * armed and due (again at every call), else the soft limit's, handed out once.
   */
  @Nullable Runnable overdue(long nanoTime) {
    Runnable action = onTimeLimit;
    if (action != null && nanoTime - timeLimitNanos >= 0) {
      return action;
    }
    Runnable soft = onSoftLimit.get();
    if (soft != null && nanoTime - softLimitNanos >= 0 && onSoftLimit.compareAndSet(soft, null)) {
      return soft;
    }
    return null;
  }

  /**
   * Asks the handler to stop: sets {@link #isCancelled()} and interrupts its thread, unless the
   * handler has already left ({@link #leaveHandler}), so that the interrupt can never reach the
   * thread once it records the outcome. True when the handler was asked.
   */
  public synchronized boolean cancel() {
    if (handlerLeft || thread == null) {
      return false;
    }
    cancelled = true;
    interrupt();
    return true;
  }

  /** Whether the handler was asked to stop ({@link io.taskq.TaskContext#isCancelled()}). */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Called by the handler's thread as the handler returns or throws: no {@link #cancel} after. */
  public synchronized void leaveHandler() {
    handlerLeft = true;
  }

  /** Whether the handler returned or threw. */
  public boolean handlerLeft() {
    return handlerLeft;
  }

  /** Milliseconds since the handler started. */
  public long elapsedMillis() {
    return startedNanos == 0 ? 0 : (time.nanoTime() - startedNanos) / 1_000_000;
  }

  @Override
  public String toString() {
    return "RunningTask[" + claim.queue() + "/" + claim.id() + " " + state.get() + "]";
  }
}
