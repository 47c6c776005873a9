package io.taskq.worker.internal;

import io.taskq.BrokerRefusedException;
import io.taskq.BrokerUnavailableException;
import io.taskq.QueueConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims tasks of one queue on its own thread: takes the free slots (waiting for one when all are
 * busy), claims at most that many in one call, hands them to the {@link TaskRunner}; when the
 * queue is empty it forwards due delayed work, then waits for a signal of the queue
 * ({@link Broker#awaitWork}, at most {@link #EMPTY_WAIT}). When the queue's rate limit holds a
 * claim back, it waits until the next token (the claim reply says when); when maxActive does, it
 * waits for the signal of a freed slot.
 *
 * <p>While acks of its queue wait to be sent, it claims no more itself: it offers the slots it
 * took to the {@link AckBatcher} ({@link Refills}), whose next call acks and claims for them in
 * one round trip, and hands what that claim got back to this class ({@link #claimed}).
 */
public final class Fetcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
  /**
   * Longest wait for a slot of maxActive before claiming again, should the signal of the freed
   * slot be lost.
   */
  static final Duration IDLE_WAIT = Duration.ofSeconds(5);
  /**
   * Longest wait of an empty queue before claiming again: a safety poll for a signal lost in a
   * way the broker could not notice (a reconnect it notices wakes the wait). Brokers whose wait
   * needs a blocking command cut it shorter themselves.
   */
  static final Duration EMPTY_WAIT = Duration.ofSeconds(30);
  private static final Duration SLOT_WAIT = Duration.ofMillis(200);

  private final Broker broker;
  private final QueueConfig queue;
  private final String workerId;
  private final ActiveTasks active;
  private final TaskRunner runner;
  private final Forwarder forwarder;
  private final BrokerHealth health;
  private final WorkerEvents events;
  private final Thread thread;
  private final ErrorThrottle errors;
  private final TimeSource time;
  private final Refills refills;
  private final Object lock = new Object();
  private boolean stopped; // guarded by lock
  private boolean waiting; // guarded by lock: the thread is in awaitWork, safe to interrupt
  private volatile boolean idle;
  /** The last wait on the marker timed out: nothing was submitted or came due meanwhile. */
  private boolean quietWait;
  /** The last wait for a slot of maxActive ended early (a signal, or due delayed work). */
  private boolean limitWaitWoken = true;
  /** A limit held back the last claim that rode on acks: the thread waits for it first. */
  private volatile @Nullable ClaimResult heldBack;

  public Fetcher(WorkerRuntime rt, QueueConfig queue, TaskRunner runner, Forwarder forwarder) {
    this.events = rt.events();
    this.broker = rt.broker();
    this.queue = queue;
    this.workerId = rt.workerId();
    this.active = rt.active();
    this.runner = runner;
    this.forwarder = forwarder;
    this.health = rt.health();
    this.errors = new ErrorThrottle(rt.time());
    this.time = rt.time();
    // virtual: a worker on hundreds of queues has as many fetchers, nearly all of them waiting
    this.thread = Thread.ofVirtual().name("taskq-fetch-" + queue.name()).unstarted(this::run);
    this.refills = rt.acks().refills();
    refills.register(queue.name(), new Refills.Refill() {
      @Override
      public ClaimRequest request(int slots) {
        // a task on its last crash recovery runs alone: the acks go, nothing is claimed
        return ClaimRequest.of(queue, active.isolating() ? 0 : slots, workerId);
      }

      @Override
      public void claimed(int slots, ClaimResult result) {
        Fetcher.this.claimed(slots, result);
      }

      @Override
      public void giveBack(int slots) {
        active.release(queue.name(), slots);
      }

      @Override
      public int takeFree(int max) {
        return heldBack != null || active.isolating() ? 0 : active.tryAcquire(queue.name(), max);
      }
    });
  }

  public void start() {
    thread.start();
  }

  /** The queue this fetcher claims from. */
  public String queue() {
    return queue.name();
  }

  /** True after a claim found the queue empty, until a claim returns work again. */
  public boolean isIdle() {
    return idle;
  }

  private void run() {
    Pause pause = new Pause();
    while (!isStopped()) {
      int slots;
      try {
        if (!active.awaitClaimable(SLOT_WAIT)) {
          continue; // a task on its last crash recovery runs alone on this worker
        }
        slots = active.acquire(queue.name(), Broker.MAX_BATCH, SLOT_WAIT);
      } catch (InterruptedException e) {
        break;
      }
      if (slots == 0) {
        continue;
      }
      if (active.isolating()) { // began while this thread took the slots: claim nothing now
        active.release(queue.name(), slots);
        continue;
      }
      ClaimResult held = heldBack;
      if (held != null) { // a claim that rode on acks was held back by a limit: wait for it
        heldBack = null;
        active.release(queue.name(), slots);
        events.rateLimited(queue.name());
        if (!waitForLimit(held, pause)) {
          break;
        }
        continue;
      }
      if (refills.offer(queue.name(), slots)) {
        // the next ack batch of the queue claims for them; while claims ride on acks, the
        // batches take the slots freed meanwhile themselves
        if (!refills.awaitRide(queue.name(), SLOT_WAIT)) {
          break;
        }
        continue;
      }
      List<ClaimedTask> claimed;
      ClaimResult result;
      try {
        result = broker.claim(ClaimRequest.of(queue, slots, workerId));
        claimed = result.tasks();
        health.up();
        if (!claimed.isEmpty()) {
          pause.reset(); // not after an empty claim: the wait that follows may be what fails
        }
      } catch (BrokerUnavailableException e) {
        active.release(queue.name(), slots);
        health.down(e);
        if (!pause.sleep()) {
          break;
        }
        continue;
      } catch (RuntimeException e) {
        active.release(queue.name(), slots);
        logFailure("Claiming from queue {} failed; trying again with backoff", e);
        if (!pause.sleep()) {
          break;
        }
        continue;
      }
      active.release(queue.name(), slots - claimed.size());
      for (ClaimedTask c : claimed) {
        runner.run(c, queue);
      }
      if (!claimed.isEmpty()) {
        quietWait = false;
      }
      if (result.limited()) {
        // refused, or cut short: a claim now would be refused too, so wait at once
        events.rateLimited(queue.name());
        if (!waitForLimit(result, pause)) {
          break;
        }
      } else if (claimed.isEmpty() && !waitForWork(pause)) {
        break;
      }
    }
  }

  /**
   * What a claim that rode on acks got, on the ack thread: its tasks go to the runner, the slots
   * it left free go back; a limit that held it back is waited for by this fetcher's thread.
   */
  private void claimed(int slots, ClaimResult result) {
    List<ClaimedTask> claimed = result.tasks();
    active.release(queue.name(), slots - claimed.size());
    for (ClaimedTask c : claimed) {
      runner.run(c, queue);
    }
    if (result.limited()) {
      heldBack = result;
    }
  }

  /**
   * Waits after a claim a limit held back while tasks are pending: until the rate limit's next
   * token, or for a slot of maxActive (the ack that frees one signals the marker; the idle wait
   * bounds the wait if that signal is lost). A signal may end the wait early: the claim then asks
   * again. False when stopping.
   */
  private boolean waitForLimit(ClaimResult result, Pause pause) {
    Duration next = result.nextToken();
    if (next != null) {
      return awaitToken(next);
    }
    // due delayed work ends a wait at once (the broker reports it ready): after a wait that
    // ended early, move it to pending first, where it waits for the limit like the rest
    if (limitWaitWoken && forward() < 0) {
      return pause.sleep();
    }
    return awaitMarker(IDLE_WAIT, pause, false);
  }

  /**
   * Waits until the rate limit's next token, on the worker's time source; false when stopping.
   * Only time brings a token, so this waits without Redis: a marker wait (BZPOPMIN) would end at
   * the server's timeout resolution (100 ms at its default {@code hz} 10), too coarse for rates
   * above 10/s, and would take signals meant for other workers.
   */
  private boolean awaitToken(Duration next) {
    Deadline token = Deadline.in(time, next);
    synchronized (lock) {
      try {
        token.await(lock, () -> stopped); // close() notifies
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return !stopped;
    }
  }

  /** Forwards due work or waits on the marker; false when stopping. */
  private boolean waitForWork(Pause pause) {
    // after a wait that timed out nothing came due (due work wakes the wait), so the forward
    // script would find nothing: skipping it saves a command per idle cycle. After a wake-up
    // whose claim found nothing, the forward moves what came due.
    if (!quietWait) {
      int moved = forward();
      if (moved != 0) {
        return moved > 0 || pause.sleep();
      }
    }
    return awaitMarker(EMPTY_WAIT, pause, true);
  }

  /** Forwards the queue's due delayed work: how many tasks moved, -1 on failure. */
  private int forward() {
    try {
      return forwarder.forward(queue.name());
    } catch (BrokerUnavailableException e) {
      health.down(e);
    } catch (RuntimeException e) {
      logFailure("Waiting for work on queue {} failed; claiming again with backoff", e);
    }
    return -1;
  }

  /**
   * Blocks on the queue's marker for at most {@code timeout}; false when stopping.
   *
   * @param empty the queue was found empty (else a limit holds the claims back): the worker
   *     reports itself idle meanwhile
   */
  private boolean awaitMarker(Duration timeout, Pause pause, boolean empty) {
    limitWaitWoken = !empty; // unless it times out below
    try {
      if (empty) {
        idle = true;
        events.idle(queue.name());
      }
      synchronized (lock) {
        if (stopped) {
          return false;
        }
        waiting = true;
      }
      try {
        // woken: claim at once (a submission is claimable now); work that came due is
        // forwarded on the next pass, when the claim finds nothing
        boolean woken = broker.awaitWork(queue.name(), timeout);
        if (empty) {
          quietWait = !woken;
        } else {
          limitWaitWoken = woken;
        }
      } finally {
        synchronized (lock) {
          waiting = false;
          Thread.interrupted(); // an interrupt meant for the wait must not hit the next claim
        }
      }
      idle = false;
      health.up();
      pause.reset();
      return true;
    } catch (BrokerUnavailableException e) {
      if (isStopped()) {
        return false; // the wait was interrupted by close(), not by an outage
      }
      health.down(e);
      return pause.sleep();
    } catch (RuntimeException e) {
      if (isStopped()) {
        return false;
      }
      logFailure("Waiting for work on queue {} failed; claiming again with backoff", e);
      return pause.sleep();
    }
  }

  /** Logs a failure that may repeat on every pass once per minute, with the count of repeats. */
  private void logFailure(String message, RuntimeException e) {
    int repeats = errors.occurred(e);
    if (repeats >= 0 && e instanceof BrokerRefusedException) { // Redis full, a broken key
      log.warn(message + "{}: {}", queue.name(),
          repeats == 0 ? "" : " (" + repeats + " more times in the last minute)", e.getMessage());
    } else if (repeats == 0) {
      log.error(message, queue.name(), e);
    } else if (repeats > 0) {
      log.error(message + " ({} more times in the last minute): {}", queue.name(), repeats,
          e.getMessage());
    }
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /**
   * Stops claiming; returns once no claim is in flight, its own or one riding on acks.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll(); // ends a wait for a token
      if (waiting) {
        thread.interrupt();
      }
    }
    // first: wakes the thread if it waits for the claims riding on acks, and waits for the one
    // in flight to be handed over
    refills.close(queue.name(), Duration.ofSeconds(10));
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
