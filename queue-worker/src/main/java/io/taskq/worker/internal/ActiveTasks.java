package io.taskq.worker.internal;

import io.taskq.QueueShards;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The tasks this worker holds and the slots they occupy. Per queue, one {@link Semaphore} of
 * {@code concurrency + prefetch} permits bounds how many tasks of the queue the worker holds at
 * once (claimed, reserved, running or being routed): the fetcher claims only for free permits.
 * Of those, at most {@code concurrency} run at once (the queue's {@link Lane}); the others wait
 * <em>reserved</em>, in claim order, and the next one starts on the thread that frees a run slot,
 * without a call to the broker.
 *
 * <p>The shards of a sharded queue ({@link QueueShards}) share one pool: one semaphore and one
 * lane, keyed by the queue's own name, so the queue's concurrency covers all its shards and a
 * shard with work may use the slots the others leave free. The semaphore is then fair and one
 * shard's fetcher takes at most its share of the pool per claim, so no shard starves.
 */
public final class ActiveTasks {
  private final Map<String, RunningTask> byToken = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  /** Tasks held per queue: concurrency + prefetch. */
  private final Map<String, Integer> holding;
  /** Tasks run per queue: concurrency. */
  private final Map<String, Integer> capacity;
  /** Physical queues per pool (the shards of a queue; 1 for a queue that is not sharded). */
  private final Map<String, Integer> members = new ConcurrentHashMap<>();
  /** Pool of each physical queue, so the hot path matches no pattern. */
  private final Map<String, String> pools = new ConcurrentHashMap<>();
  private final AtomicLong added = new AtomicLong();
  private final Quarantine quarantine = new Quarantine(this::holdsOtherThan);
  private final Object emptied = new Object();
  private final TimeSource time;

  /**
   * The run slots of one queue and its reserved tasks, in claim order. A task holding a run slot
   * has {@link RunningTask#runSlot()} set; it gives the slot back through {@link #releaseRun},
   * which hands it straight to the next reserved task.
   */
  private static final class Lane {
    private final int slots;
    private final ArrayDeque<RunningTask> reserved = new ArrayDeque<>();
    private int running; // guarded by this
    private boolean closed; // guarded by this: shutdown, reserved tasks start no more
    private @Nullable Consumer<RunningTask> start; // guarded by this
    private @Nullable Consumer<RunningTask> giveBack; // guarded by this

    Lane(int slots) {
      this.slots = slots;
    }
  }

  /**
   * @param capacity run slots per queue (its concurrency), with no prefetch
   * @param time the source {@link #awaitEmpty} reads
   */
  public ActiveTasks(Map<String, Integer> capacity, TimeSource time) {
    this(capacity, capacity, time);
  }

  /**
   * @param capacity run slots per queue (its concurrency)
   * @param holding tasks held per queue (concurrency + prefetch, not below capacity)
   * @param time the source {@link #awaitEmpty} reads
   */
  public ActiveTasks(Map<String, Integer> capacity, Map<String, Integer> holding,
      TimeSource time) {
    Map<String, Integer> runs = new java.util.LinkedHashMap<>();
    Map<String, Integer> holds = new java.util.LinkedHashMap<>();
    capacity.forEach((q, n) -> {
      String pool = pool(q);
      members.merge(pool, 1, Integer::sum);
      runs.putIfAbsent(pool, n);
      holds.putIfAbsent(pool, holding.getOrDefault(q, n));
    });
    this.capacity = Map.copyOf(runs);
    this.holding = Map.copyOf(holds);
    this.time = time;
    runs.forEach((pool, n) -> {
      slots.put(pool, new Semaphore(Math.max(n, holds.getOrDefault(pool, n)),
          members.getOrDefault(pool, 1) > 1));
      lanes.put(pool, new Lane(n));
    });
  }

  /** The pool of slots a physical queue draws from: its queue's own name (looked up once). */
  private String pool(String queue) {
    return pools.computeIfAbsent(queue, QueueShards::logical);
  }

  /** {@code max}, capped at one shard's share of its pool when the queue is sharded. */
  private int fairMax(String queue, int max) {
    String pool = pool(queue);
    int n = members.getOrDefault(pool, 1);
    return n <= 1 ? max : Math.min(max, Math.max(1, Math.ceilDiv(holdingOf(pool), n)));
  }

  /**
   * Takes between one and {@code max} free slots of {@code queue}, waiting up to {@code wait} for
   * the first.
   *
   * @return slots taken, 0 when none freed up in time
   */
  public int acquire(String queue, int max, Duration wait) throws InterruptedException {
    Semaphore s = slotsOf(queue);
    max = fairMax(queue, max);
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

  /** Takes up to {@code max} free slots of {@code queue} without waiting; how many it took. */
  public int tryAcquire(String queue, int max) {
    Semaphore s = slotsOf(queue);
    max = fairMax(queue, max);
    int taken = s.drainPermits();
    if (taken > max) {
      s.release(taken - max);
      taken = max;
    }
    return taken;
  }

  /** The slots of one of the queues this worker was made with. */
  private Semaphore slotsOf(String queue) {
    Semaphore s = slots.get(pool(queue));
    if (s == null) {
      throw new IllegalArgumentException("queue '" + queue + "' has no slots on this worker; its"
          + " queues are " + capacity.keySet());
    }
    return s;
  }

  /** Gives back slots taken with {@link #acquire} that no task occupies. */
  public void release(String queue, int n) {
    Semaphore s = slots.get(pool(queue));
    if (n > 0 && s != null) { // no slots at all for an InlineWorker, which takes none
      s.release(n);
    }
  }

  public void add(RunningTask task) {
    task.sequence(added.incrementAndGet());
    byToken.put(task.ref().token(), task); // one task id may be claimed again after a lost lease
  }

  /**
   * Adds a claimed task (its slot taken) and starts it with {@code start} when a run slot of its
   * queue is free, else keeps it reserved until one frees.
   *
   * @param giveBack returns a reserved task to pending (without blocking the caller) while a task
   *     on its last crash recovery waits to run alone
   */
  public void admit(RunningTask task, Consumer<RunningTask> start,
      Consumer<RunningTask> giveBack) {
    add(task);
    Lane lane = lanes.get(pool(task.claim().queue()));
    if (lane == null) {
      start.accept(task); // a queue without slots (InlineWorker)
      return;
    }
    synchronized (lane) {
      lane.start = start;
      lane.giveBack = giveBack;
      if (lane.running >= lane.slots || lane.closed) {
        lane.reserved.addLast(task);
        return;
      }
      lane.running++;
      task.runSlot().set(true);
    }
    start.accept(task);
  }

  /**
   * Gives back the run slot {@code task} holds, if any: the next reserved task of its queue that
   * is still claimed takes it and starts on this thread. Idempotent.
   */
  public void releaseRun(RunningTask task) {
    if (!task.runSlot().compareAndSet(true, false)) {
      return;
    }
    Lane lane = lanes.get(pool(task.claim().queue()));
    if (lane == null) {
      return;
    }
    RunningTask next = null;
    Consumer<RunningTask> start;
    synchronized (lane) {
      start = lane.start;
      while (!lane.closed && next == null && !lane.reserved.isEmpty()) {
        RunningTask t = lane.reserved.pollFirst();
        if (t.state() == RunningTask.State.CLAIMED) { // else ended while reserved (revoke)
          next = t;
        }
      }
      if (next == null) {
        lane.running--;
      } else {
        next.runSlot().set(true);
      }
    }
    if (next != null && start != null) {
      start.accept(next);
    }
  }

  /** Tasks of {@code queue} (of all its shards) claimed and waiting for a run slot. */
  public int reserved(String queue) {
    Lane lane = lanes.get(pool(queue));
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return (int) lane.reserved.stream()
          .filter(t -> t.state() == RunningTask.State.CLAIMED).count();
    }
  }

  /** Reserved tasks start no more (shutdown: they go back to pending). */
  public void closeLanes() {
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        lane.closed = true;
      }
    }
  }

  /**
   * Gives every reserved task back to pending: a task on its last crash recovery waits to run
   * alone, and a crash must not be charged to tasks held beside it.
   */
  private void giveBackReserved() {
    for (Lane lane : lanes.values()) {
      List<RunningTask> back;
      Consumer<RunningTask> giveBack;
      synchronized (lane) {
        if (lane.reserved.isEmpty() || lane.giveBack == null) {
          continue;
        }
        back = List.copyOf(lane.reserved);
        lane.reserved.clear();
        giveBack = lane.giveBack;
      }
      back.forEach(giveBack);
    }
  }

  /** The claimed tasks whose handler has not started, the latest claimed first. */
  public List<RunningTask> unstartedLatestFirst() {
    return byToken.values().stream().filter(t -> t.state() == RunningTask.State.CLAIMED)
        .sorted(Comparator.comparingLong((RunningTask t) -> t.sequence()).reversed()).toList();
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
    return byToken.isEmpty() && capacity.keySet().stream()
        .allMatch(q -> slotsOf(q).availablePermits() == holdingOf(q));
  }

  private int holdingOf(String queue) {
    int run = capacity.getOrDefault(queue, 0);
    return Math.max(run, holding.getOrDefault(queue, run));
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
    giveBackReserved();
    if (byToken.size() > 1 || (byToken.size() == 1 && !byToken.containsValue(task))) {
      return true;
    }
    int taken = 0;
    for (String q : capacity.keySet()) {
      taken += holdingOf(q) - slotsOf(q).availablePermits();
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
      releaseRun(task);
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

  /** Tasks this worker runs at once: the sum of its queues' concurrency. */
  public int capacity() {
    return capacity.values().stream().mapToInt(Integer::intValue).sum();
  }
}
