package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.ReapRequest;
import io.taskq.spi.ReapResult;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns tasks whose lease expired (their worker died) to the head of pending, at start and every
 * lease/6 per queue. Every live worker runs it; the broker's guard (lease/8) lets one pass run at
 * a time. A lease expires at most one lease after its worker died (a claim made just before the
 * death); a pass comes at most lease/6 + lease/8 after that, even when a tick is skipped for the
 * guard of another worker's pass just before the expiry, so recovery stays below the promised
 * lease + lease/3 (with lease/3 ticks and a lease/4 guard it could reach lease + 0.58 × lease).
 * Tasks that crashed workers more than {@code maxCrashes} times go to the DLQ instead.
 */
public final class LeaseReaper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final Broker broker;
  private final List<QueueConfig> queues;
  private final Ticker ticker;
  private final WorkerEvents events;

  public LeaseReaper(Broker broker, List<QueueConfig> queues, BrokerHealth health,
      WorkerEvents events) {
    this.events = events;
    this.broker = broker;
    this.queues = List.copyOf(queues);
    this.ticker = new Ticker("taskq-reaper", health);
  }

  public void start() {
    for (QueueConfig q : queues) {
      ticker.every(q.lease().dividedBy(6), true, () -> reap(q));
    }
  }

  /** One reaping pass over {@code queue}, in bounded calls. */
  public void reap(QueueConfig queue) {
    ReapRequest request = new ReapRequest(Broker.MAX_BATCH, queue.maxCrashes(), queue.dead(),
        queue.lease().dividedBy(8)); // below the period, so the next tick is never skipped
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
  }

  @Override
  public void close() {
    ticker.close();
  }
}
