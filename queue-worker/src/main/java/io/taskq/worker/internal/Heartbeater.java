package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.LeaseRef;
import io.taskq.spi.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps this worker's claims alive: every lease/3 per queue, one extend call for all the tasks it
 * holds on that queue (also during the shutdown grace period). A task whose claim the broker no
 * longer holds is handed to {@code onLost}, which stops its handler. Also refreshes the worker's
 * entry in the worker registry.
 */
public final class Heartbeater implements AutoCloseable {
  /** How often the worker registry entry is refreshed; it expires after three misses. */
  static final Duration REGISTRY_PERIOD = Duration.ofSeconds(5);

  private final Broker broker;
  private final List<QueueConfig> queues;
  private final ActiveTasks active;
  private final Consumer<RunningTask> onLost;
  private final Supplier<WorkerInfo> self;
  private final Ticker ticker;

  public Heartbeater(WorkerRuntime rt, List<QueueConfig> queues, Consumer<RunningTask> onLost,
      Supplier<WorkerInfo> self) {
    this.broker = rt.broker();
    this.queues = List.copyOf(queues);
    this.active = rt.active();
    this.onLost = onLost;
    this.self = self;
    this.ticker = new Ticker("taskq-heartbeat", rt.health(), rt.time());
  }

  public void start() {
    for (QueueConfig q : queues) {
      ticker.every(q.lease().dividedBy(3), false, () -> extend(q));
    }
    ticker.every(REGISTRY_PERIOD, true,
        () -> broker.workerHeartbeat(self.get(), REGISTRY_PERIOD.multipliedBy(3)));
  }

  /** Extends the leases of every task this worker holds on {@code queue}. */
  public void extend(QueueConfig queue) {
    List<RunningTask> held = active.ofQueue(queue.name()).stream()
        .filter(RunningTask::holdsLease).toList();
    for (int from = 0; from < held.size(); from += Broker.MAX_BATCH) {
      List<RunningTask> chunk = held.subList(from, Math.min(held.size(), from + Broker.MAX_BATCH));
      List<LeaseRef> refs = new ArrayList<>(chunk.size());
      chunk.forEach(t -> refs.add(t.ref()));
      Set<String> lost = broker.extend(queue.name(), refs, queue.lease());
      if (!lost.isEmpty()) {
        chunk.stream().filter(t -> lost.contains(t.id())).forEach(onLost);
      }
    }
  }

  @Override
  public void close() {
    ticker.close();
  }
}
