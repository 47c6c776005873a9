package io.taskq.worker.internal;

import io.taskq.BrokerUnavailableException;
import io.taskq.spi.Ack;
import io.taskq.spi.AckClaimResult;
import io.taskq.spi.Broker;
import io.taskq.spi.LeaseRef;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends "handler started" marks and acks in batches: one thread takes whatever accumulated while
 * the previous batch was in flight (no timer, so a lone ack leaves at once) and sends one call per
 * queue and kind, acks before marks (a failed mark never holds an ack back). While the broker is
 * down, batches are kept and re-sent.
 *
 * <p>A mark waits until its handler has run for {@link #MARK_DELAY}: a task acked before that
 * needs none (the ack removes it from active), so short tasks cost Redis one call less per batch
 * and a few operations less per task. Marks do not wake the thread (a wake-up per task start
 * costs CPU just when the handler starts): they are collected at its next wake-up, for an ack
 * or at most {@link #IDLE_POLL} later. Until its mark lands a running task is listed as reserved.
 *
 * <p>Each ack carries an {@link AckResult}, told once on this thread whether the broker took the
 * ack or rejected it (the lease was lost): the task's outcome is reported only then.
 *
 * <p>A fetcher's claim may ride on the acks of its queue ({@link Refills}): then the batch's call
 * for that queue acks and claims in one round trip ({@link Broker#ackAndClaim}), and the claimed
 * tasks go to the fetcher before the acks' outcomes are told.
 */
public final class AckBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);

  /** How long a handler runs before its "started" mark is sent. */
  static final Duration MARK_DELAY = Duration.ofMillis(20);
  /** Longest sleep of the thread; also how late a mark may be collected. */
  static final Duration IDLE_POLL = Duration.ofMillis(100);
  private static final Duration FLUSH_POLL = Duration.ofMillis(2);

  /** Told whether an ack was recorded; called once, on the ack thread; must be fast. */
  @FunctionalInterface
  public interface AckResult {
    /** @param held true when the broker recorded the ack, false when the lease was lost */
    void acked(boolean held);
  }

  private record Item(String queue, @Nullable LeaseRef started, @Nullable Ack ack,
      @Nullable AckResult done, long at) {
    /** The ack of an item made by {@link #ack}, not by {@link #started}. */
    Ack requireAck() {
      return Objects.requireNonNull(ack, "a start mark carries no ack");
    }
  }

  private final Broker broker;
  private final BrokerHealth health;
  private final Refills refills = new Refills();
  private final LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Item> marks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unsent = new AtomicInteger();
  private final ErrorThrottle errors;
  private final Thread thread;
  private final long markDelayNanos;
  private final TimeSource time;
  private volatile boolean closed;

  /** @param time the source of the mark delay and of {@link #flush}'s deadline */
  public AckBatcher(Broker broker, BrokerHealth health, TimeSource time) {
    this(broker, health, time, MARK_DELAY);
  }

  /** With another mark delay: {@link Duration#ZERO} sends each mark with the next batch. */
  AckBatcher(Broker broker, BrokerHealth health, TimeSource time, Duration markDelay) {
    this.broker = broker;
    this.health = health;
    this.time = time;
    this.errors = new ErrorThrottle(time);
    this.markDelayNanos = markDelay.toNanos();
    this.thread = Thread.ofPlatform().name("taskq-acks").daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Where fetchers offer the claims that ride on the acks of their queue. */
  public Refills refills() {
    return refills;
  }

  /** Records that the handler of a claim started. */
  public void started(String queue, LeaseRef lease) {
    unsent.incrementAndGet();
    marks.add(new Item(queue, lease, null, null, time.nanoTime()));
  }

  /** Acks a finished task; {@code done} learns whether the ack was recorded. */
  public void ack(String queue, Ack ack, AckResult done) {
    AtomicBoolean told = new AtomicBoolean(); // a batch re-sent after an outage tells once
    refills.ackQueued(queue); // before the ack is queued: an offer then rides on it
    add(new Item(queue, null, ack, held -> {
      if (told.compareAndSet(false, true)) {
        done.acked(held);
      }
    }, 0));
  }

  private void add(Item item) {
    unsent.incrementAndGet();
    items.add(item);
  }

  /** Waits until everything added so far was sent, for at most {@code max} of its source. */
  public boolean flush(Duration max) {
    try {
      Deadline.in(time, max).poll(FLUSH_POLL, () -> unsent.get() == 0 || !thread.isAlive());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return unsent.get() == 0;
  }

  /**
   * Sends every queued ack and mark on the calling thread, for a batcher that was never
   * {@linkplain #start() started} ({@link InlineWorker}); outages and refusals propagate.
   */
  public void sendNow() {
    List<Item> batch = new ArrayList<>();
    items.drainTo(batch);
    for (Item m; (m = marks.poll()) != null; ) {
      batch.add(m);
    }
    batch = sortOut(batch, new LinkedHashMap<>(), true);
    sendAcks(batch, new LinkedHashMap<>());
    sendMarks(batch);
  }

  private void run() {
    // marks not yet due, by token, oldest first; only this thread touches them
    LinkedHashMap<String, Item> waiting = new LinkedHashMap<>();
    List<Item> batch = new ArrayList<>();
    // slots of fetchers' claims that ride on this batch's acks, by queue
    Map<String, Integer> riding = new LinkedHashMap<>();
    Pause pause = new Pause();
    while (!closed || !items.isEmpty() || !marks.isEmpty() || !batch.isEmpty()
        || !waiting.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Item first = items.poll(untilDue(waiting), TimeUnit.NANOSECONDS);
          if (first != null) {
            batch.add(first);
          }
          items.drainTo(batch, 10 * Broker.MAX_BATCH);
          takeRiding(batch, riding);
          for (Item m; (m = marks.poll()) != null; ) {
            batch.add(m);
          }
          batch = sortOut(batch, waiting, closed);
          if (batch.isEmpty()) {
            continue;
          }
        }
        // acks first, and on their own: a mark is optional (it only tells "started" from
        // "reserved") and must never take an ack down with it, e.g. at maxmemory
        try {
          sendAcks(batch, riding);
          sendMarks(batch);
        } finally {
          riding.forEach(refills::giveBack); // not sent: the fetcher claims for them itself
          riding.clear();
        }
        pause.reset();
        health.up();
      } catch (BrokerUnavailableException e) {
        health.down(e);
        if (closed || !pause.sleep()) {
          break; // the leases expire and the reaper returns these tasks
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        int repeats = errors.occurred(e);
        if (repeats >= 0) {
          log.error("Sending {} acks failed ({} similar failures in the last minute); their tasks"
              + " return after their lease expires", batch.size(), repeats, e);
        }
        unsent.addAndGet(-batch.size());
        batch.clear();
      }
    }
  }

  /**
   * How long the thread may wait for new items: until the oldest waiting mark is due by the
   * source, at most {@link Deadline#RECHECK} in real time (a manual source may be moved meanwhile).
   */
  private long untilDue(LinkedHashMap<String, Item> waiting) {
    if (waiting.isEmpty()) {
      return IDLE_POLL.toNanos();
    }
    Item oldest = waiting.values().iterator().next();
    return Math.clamp(oldest.at() + markDelayNanos - time.nanoTime(), 0,
        Deadline.RECHECK.toNanos());
  }

  /**
   * What to send now: the acks, and the marks that are due (all of them when closing). New marks
   * wait in {@code waiting}; a mark whose task is acked is dropped.
   */
  private List<Item> sortOut(List<Item> arrived, LinkedHashMap<String, Item> waiting,
      boolean all) {
    List<Item> now = new ArrayList<>(arrived.size());
    int dropped = 0;
    for (Item i : arrived) { // marks first: an ack drained before its mark still drops it
      if (i.started() != null) {
        waiting.put(i.started().token(), i);
      }
    }
    for (Item i : arrived) {
      if (i.ack() != null) {
        if (waiting.remove(i.ack().lease().token()) != null) {
          dropped++;
        }
        now.add(i);
      }
    }
    long due = time.nanoTime() - markDelayNanos;
    for (var it = waiting.values().iterator(); it.hasNext(); ) {
      Item mark = it.next();
      if (!all && mark.at() - due > 0) {
        break; // oldest first: the rest are younger
      }
      it.remove();
      now.add(mark);
    }
    unsent.addAndGet(-dropped);
    return now;
  }

  /** Takes the slots offered for the queues of the acks just drained into {@code batch}. */
  private void takeRiding(List<Item> batch, Map<String, Integer> riding) {
    Map<String, Integer> acks = new LinkedHashMap<>();
    for (Item i : batch) {
      if (i.ack() != null) {
        acks.merge(i.queue(), 1, Integer::sum);
      }
    }
    acks.forEach((q, n) -> {
      int slots = refills.take(q, n);
      if (slots > 0) {
        riding.merge(q, slots, Integer::sum);
      }
    });
  }

  /**
   * Sends the batch's acks and removes those sent from it; a queue's first call carries the claim
   * that rides on it (removed from {@code riding} once sent). An outage leaves the unsent ones in
   * it (a re-sent ack would be rejected and told as a lost lease); a refusal drops only the acks
   * of the call Redis refused, so one broken queue does not hold back the others.
   */
  private void sendAcks(List<Item> batch, Map<String, Integer> riding) {
    Map<String, List<Item>> acks = new LinkedHashMap<>();
    for (Item i : batch) {
      if (i.ack() != null) {
        acks.computeIfAbsent(i.queue(), q -> new ArrayList<>()).add(i);
      }
    }
    Set<Item> sent = Collections.newSetFromMap(new IdentityHashMap<>());
    try {
      acks.forEach((q, list) -> chunks(list, c -> {
        // rejected ids come in ack order; walking both tells two claims of one id apart (a task
        // reaped from this worker and claimed by it again, both acks in one batch)
        List<String> rejected;
        try {
          rejected = send(q, c.stream().map(Item::requireAck).toList(), riding);
        } catch (BrokerUnavailableException e) {
          throw e; // kept and re-sent once the broker answers
        } catch (RuntimeException e) {
          // refused (e.g. a broken key of this queue): the other queues' acks still go out;
          // these tasks come back when their lease expires
          sent.addAll(c);
          int repeats = errors.occurred(e);
          if (repeats >= 0) {
            log.warn("Redis refused {} ack(s) on queue {} ({} similar failures in the last"
                + " minute); their tasks return after their lease expires: {}", c.size(), q,
                repeats, e.getMessage());
          }
          return;
        }
        sent.addAll(c);
        int r = 0;
        for (Item i : c) {
          boolean held = r == rejected.size()
              || !rejected.get(r).equals(i.requireAck().lease().id());
          if (!held) {
            r++;
          }
          tell(i, held);
        }
      }));
    } finally {
      if (!sent.isEmpty()) {
        batch.removeIf(sent::contains);
        unsent.addAndGet(-sent.size());
      }
    }
  }

  /**
   * One call with acks of {@code queue}: with the claim that rides on them, if any (its tasks are
   * handed over before this returns), else a plain ack. Returns the rejected ids.
   */
  private List<String> send(String queue, List<Ack> acks, Map<String, Integer> riding) {
    Integer slots = riding.remove(queue);
    if (slots == null) {
      return broker.ack(queue, acks);
    }
    AckClaimResult round;
    try {
      round = broker.ackAndClaim(acks, refills.request(queue, slots));
    } catch (RuntimeException e) {
      refills.giveBack(queue, slots);
      throw e;
    }
    refills.settle(queue, slots, round.claimed());
    return round.rejected();
  }

  /**
   * Sends the batch's marks and clears it. An outage keeps them for the next try; a refusal drops
   * them (logged once a minute): their tasks show as reserved until acked.
   */
  private void sendMarks(List<Item> batch) {
    Map<String, List<LeaseRef>> started = new LinkedHashMap<>();
    for (Item i : batch) {
      started.computeIfAbsent(i.queue(), q -> new ArrayList<>()).add(i.started());
    }
    try {
      started.forEach((q, refs) -> chunks(refs, c -> broker.markStarted(q, c)));
    } catch (BrokerUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (errors.occurred(e) >= 0) {
        log.warn("Marking {} task(s) as started failed ({}); they show as reserved until acked",
            batch.size(), e.getMessage());
      }
    }
    unsent.addAndGet(-batch.size());
    batch.clear();
  }

  private static void tell(Item i, boolean held) {
    try {
      Objects.requireNonNull(i.done(), "an ack carries its callback").acked(held);
    } catch (RuntimeException e) {
      log.error("Reporting the outcome of task {} failed", i.requireAck().lease().id(), e);
    }
  }

  private static <T> void chunks(List<T> list, Consumer<List<T>> call) {
    for (int from = 0; from < list.size(); from += Broker.MAX_BATCH) {
      call.accept(list.subList(from, Math.min(list.size(), from + Broker.MAX_BATCH)));
    }
  }

  /** Sends what is left (while the broker answers), then stops. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (thread.getState() == Thread.State.NEW) {
      return; // never started: an InlineWorker's, which sends on the caller's thread
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }
}
