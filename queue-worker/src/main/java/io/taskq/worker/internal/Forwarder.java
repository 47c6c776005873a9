package io.taskq.worker.internal;

import io.taskq.spi.Broker;
import java.time.Duration;
import java.util.List;

/**
 * Moves due scheduled and retry tasks to pending, for each queue every {@link #PERIOD}, and on
 * demand when a fetcher finds a queue empty. Delayed work stays in Redis until it is due.
 */
public final class Forwarder implements AutoCloseable {
  static final Duration PERIOD = Duration.ofSeconds(1);

  private final Broker broker;
  private final List<String> queues;
  private final Ticker ticker;

  public Forwarder(WorkerRuntime rt, List<String> queues) {
    this.broker = rt.broker();
    this.queues = List.copyOf(queues);
    this.ticker = new Ticker("taskq-forwarder", rt.health(), rt.time());
  }

  /**
   * Starts the periodic pass. Queues whose fetcher waits on the marker are skipped: the wait is
   * cut short at the next due time and the fetcher forwards then, so an idle worker costs no
   * polling.
   */
  public void start(java.util.function.Predicate<String> fetcherIdle) {
    ticker.every(PERIOD, true, () -> queues.stream().filter(q -> !fetcherIdle.test(q))
        .forEach(this::forward));
  }

  /** Forwards every due task of {@code queue}, in bounded calls; returns how many moved. */
  public int forward(String queue) {
    int total = 0;
    int moved;
    do {
      moved = broker.forwardDue(queue, Broker.MAX_BATCH);
      total += moved;
    } while (moved == Broker.MAX_BATCH);
    return total;
  }

  @Override
  public void close() {
    ticker.close();
  }
}
