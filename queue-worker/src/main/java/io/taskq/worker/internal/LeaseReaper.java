package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns tasks whose lease expired (their worker died) to the head of pending. Every live worker
 * runs it per queue: at start, then at the earliest lease deadline the broker reports, and at
 * least every lease/6 while tasks are active. A queue with no active task is passed over once per
 * lease (all an idle queue costs): a claim made after the pass expires no sooner than one lease
 * later, when the next pass comes (a worker whose lease on the queue is shorter reaps it more
 * often itself). A lease expires at
 * most one lease after its worker died (a claim or extension just before the death), and the pass
 * comes a millisecond after that deadline, or at most lease/50 later when another worker's pass
 * holds the queue's guard just then, so recovery stays well below the promised lease + lease/3.
 * Tasks that crashed workers more than {@code maxCrashes} times go to the DLQ instead.
 */
public final class LeaseReaper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  /** Past the deadline: the broker's clock has whole milliseconds and a lease is due at its end. */
  private static final Duration PAST_DEADLINE = Duration.ofMillis(1);

  private final Broker broker;
  private final List<QueueConfig> queues;
  private final Ticker ticker;
  private final WorkerEvents events;

  public LeaseReaper(Broker broker, List<QueueConfig> queues, BrokerHealth health,
      WorkerEvents events, TimeSource time) {
    this.events = events;
    this.broker = broker;
    this.queues = List.copyOf(queues);
    this.ticker = new Ticker("taskq-reaper", health, time);
  }

  public void start() {
    for (QueueConfig q : queues) {
      ticker.adaptive(longestWait(q), () -> reap(q));
    }
  }

  /** The longest time between two passes over a queue. */
  static Duration longestWait(QueueConfig queue) {
    return queue.lease().dividedBy(6);
  }

  /** The shortest time between two passes, which is also how long a pass holds the guard. */
  static Duration shortestWait(QueueConfig queue) {
    return queue.lease().dividedBy(50);
  }

  /**
   * One reaping pass over {@code queue}, in bounded calls.
   *
   * @return how long to wait before the next pass: until just past the earliest lease deadline,
   *     between {@link #shortestWait} and {@link #longestWait}; one lease when nothing is active
   */
  public Duration reap(QueueConfig queue) {
    ReapRequest request = new ReapRequest(Broker.MAX_BATCH, queue.maxCrashes(), queue.dead(),
        shortestWait(queue), queue.resultTtl());
    ReapResult r;
    do {
      r = broker.reap(queue.name(), request);
      if (!r.recovered().isEmpty()) {
        events.recovered(queue.name(), r.recovered().size());
        log.warn("Recovered {} task(s) of queue {} whose worker stopped extending the lease;"
            + " they are back at the head of pending: {}", r.recovered().size(), queue.name(),
            r.recovered());
      }
      if (!r.deadLettered().isEmpty()) {
        log.error("Dead-lettered {} task(s) of queue {} that crashed workers more than {} times"
            + " (poison pills); inspect them in the DLQ: {}", r.deadLettered().size(),
            queue.name(), queue.maxCrashes(), r.deadLettered());
      }
    } while (!r.skipped() && r.recovered().size() + r.deadLettered().size() >= Broker.MAX_BATCH);
    Duration expiry = r.nextExpiry();
    if (expiry == null) { // nothing active
      return queue.lease();
    }
    return clamp(expiry.plus(PAST_DEADLINE), shortestWait(queue), longestWait(queue));
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  @Override
  public void close() {
    ticker.close();
  }
}
