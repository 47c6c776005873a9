package io.taskq.worker.internal;

import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims that ride on acks, so that a worker's round is one call to the broker
 * ({@link io.taskq.spi.Broker#ackAndClaim}). A {@link Fetcher} that took free slots of its queue
 * while acks of that queue wait to be sent {@linkplain #offer offers} the slots here instead of
 * claiming itself; the {@link AckBatcher} takes them with those acks ({@link #take}) and claims for
 * them in the same call, then hands the result to the fetcher's {@link Refill}. An offer is taken
 * only while an ack of the queue is queued and not yet taken into a batch, so the batch that takes
 * that ack takes the slots too; the slots stay counted by {@link ActiveTasks} throughout, so the
 * worker never claims more than its free slots. While the claims ride, the fetcher parks
 * ({@link #awaitRide}) and each batch takes the slots freed meanwhile itself: a busy queue's
 * fetcher is not woken by every task that ends.
 */
public final class Refills {
  private static final Logger log = LoggerFactory.getLogger(Refills.class);

  /** The fetcher of one queue, told on the ack thread what a riding claim got. */
  public interface Refill {
    /** The claim for {@code slots} slots, with the queue's lease and limits. */
    ClaimRequest request(int slots);

    /**
     * The claim for {@code slots} slots got {@code result}: runs its tasks and gives back the
     * slots it left free. Must be fast and must not throw.
     */
    void claimed(int slots, ClaimResult result);

    /** The claim for {@code slots} slots was not sent: gives them back. */
    void giveBack(int slots);

    /**
     * Takes up to {@code max} free slots without waiting, while the fetcher waits for the claims
     * riding on acks ({@link #awaitRide}); 0 when none is free or claims must wait.
     */
    int takeFree(int max);
  }

  /** One queue's offers; guarded by itself. */
  private static final class Lane {
    private final Refill refill;
    private int queuedAcks;
    private int offered;
    private int riding;
    private boolean parked;
    private boolean closed;

    Lane(Refill refill) {
      this.refill = refill;
    }
  }

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /** Lets the claims of {@code queue} ride on its acks, told to {@code refill}. */
  public void register(String queue, Refill refill) {
    lanes.put(queue, new Lane(refill));
  }

  /** An ack of {@code queue} is about to be queued (called before it is). */
  void ackQueued(String queue) {
    Lane lane = lanes.get(queue);
    if (lane != null) {
      synchronized (lane) {
        lane.queuedAcks++;
      }
    }
  }

  /**
   * Offers {@code slots} taken slots of {@code queue} for the claim of the next ack batch.
   *
   * @return true when taken (the batch claims for them), false when no ack of the queue is queued:
   *     the caller claims itself
   */
  public boolean offer(String queue, int slots) {
    Lane lane = lanes.get(queue);
    if (lane == null) {
      return false;
    }
    synchronized (lane) {
      if (lane.closed || lane.queuedAcks == 0) {
        return false;
      }
      lane.offered += slots;
      return true;
    }
  }

  /**
   * Takes {@code acks} queued acks of {@code queue} into a batch, with the slots offered so far
   * and, while the fetcher waits for the rides ({@link #awaitRide}), the slots free now.
   *
   * @return the slots the batch claims for (0 for none); the caller settles them with
   *     {@link #settle} or {@link #giveBack}
   */
  int take(String queue, int acks) {
    Lane lane = lanes.get(queue);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      lane.queuedAcks = Math.max(0, lane.queuedAcks - acks);
      int slots = lane.offered;
      lane.offered = 0;
      if (lane.parked && !lane.closed && slots < Broker.MAX_BATCH) {
        slots += lane.refill.takeFree(Broker.MAX_BATCH - slots);
      }
      lane.riding += slots;
      return slots;
    }
  }

  /**
   * Waits, for at most {@code max}, while claims of {@code queue} ride on acks (offered or in
   * flight): the fetcher of a busy queue parks here instead of waiting for each freed slot, and
   * each ack batch takes the slots free at the time. False when interrupted.
   */
  public boolean awaitRide(String queue, Duration max) {
    Lane lane = lane(queue);
    long end = System.nanoTime() + max.toNanos();
    synchronized (lane) {
      lane.parked = true;
      try {
        for (long left; !lane.closed && (lane.offered > 0 || lane.riding > 0)
            && (left = end - System.nanoTime()) > 0; ) {
          lane.wait(Math.max(1, left / 1_000_000));
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        lane.parked = false;
      }
    }
  }

  /** The request of a riding claim of {@code slots} slots of {@code queue}. */
  ClaimRequest request(String queue, int slots) {
    return lane(queue).refill.request(slots);
  }

  /** Tells the fetcher of {@code queue} what its riding claim of {@code slots} slots got. */
  void settle(String queue, int slots, ClaimResult result) {
    Lane lane = lane(queue);
    try {
      lane.refill.claimed(slots, result);
    } catch (RuntimeException e) {
      // a bug: the acks of the same call were recorded and are told all the same
      log.error("Handing {} task(s) claimed with acks of queue {} to the runner failed; those not"
          + " started return to pending when their lease expires", result.tasks().size(), queue,
          e);
    } finally {
      done(lane, slots);
    }
  }

  /** Gives back the slots of a riding claim that was not sent (an outage, a refusal). */
  void giveBack(String queue, int slots) {
    Lane lane = lane(queue);
    try {
      lane.refill.giveBack(slots);
    } finally {
      done(lane, slots);
    }
  }

  private static void done(Lane lane, int slots) {
    synchronized (lane) {
      lane.riding -= slots;
      lane.notifyAll();
    }
  }

  private Lane lane(String queue) {
    Lane lane = lanes.get(queue);
    if (lane == null) {
      throw new IllegalStateException("queue " + queue + " has no refill");
    }
    return lane;
  }

  /**
   * Takes no more offers of {@code queue} and gives back those not yet taken, then waits up to
   * {@code max} for the claim of a batch in flight to be handed over. For the fetcher's close.
   */
  public void close(String queue, Duration max) {
    Lane lane = lanes.get(queue);
    if (lane == null) {
      return;
    }
    int back;
    synchronized (lane) {
      lane.closed = true;
      back = lane.offered;
      lane.offered = 0;
      lane.notifyAll();
    }
    if (back > 0) {
      lane.refill.giveBack(back);
    }
    long end = System.nanoTime() + max.toNanos();
    synchronized (lane) {
      try {
        for (long left; lane.riding > 0 && (left = end - System.nanoTime()) > 0; ) {
          lane.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
