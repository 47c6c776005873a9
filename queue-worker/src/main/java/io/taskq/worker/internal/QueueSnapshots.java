package io.taskq.worker.internal;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskqException;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.spi.QueueCounts;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Counts and lag per queue ({@link Inspector#stats}: a few round trips per queue) kept for a
 * second, so all the gauges of one scrape cost O(queues) round trips, never O(tasks).
 */
final class QueueSnapshots {
  private static final long MAX_AGE_NANOS = Duration.ofSeconds(1).toNanos();

  /** A queue's figures at one moment. */
  record Snapshot(QueueCounts counts, double lagSeconds, long takenNanos) {}

  private final Inspector inspector;
  private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();
  private final TimeSource time;

  QueueSnapshots(Broker broker, EnvelopeCodec codec, TimeSource time) {
    this.time = time;
    this.inspector = inspector(broker, codec);
  }

  /** The worker's inspector: its payload limit; queues are always named by the caller. */
  static Inspector inspector(Broker broker, EnvelopeCodec codec) {
    return Inspector.create(broker, new TaskqConfig(TaskqConfig.DEFAULT.redis(),
        TaskqConfig.DEFAULT.worker(), Map.of(), codec.maxPayload()));
  }

  Snapshot of(String queue) {
    Snapshot s = cache.get(queue);
    long now = time.nanoTime();
    if (s == null || now - s.takenNanos() > MAX_AGE_NANOS) {
      s = read(queue, now, s);
      cache.put(queue, s);
    }
    return s;
  }

  private Snapshot read(String queue, long now, @Nullable Snapshot previous) {
    try {
      QueueStats st = inspector.stats(queue);
      return new Snapshot(new QueueCounts(st.pending(), st.active(), st.scheduled(), st.retry(),
          st.dead()), st.lag().toMillis() / 1000.0, now);
    } catch (TaskqException e) {
      // Redis unreachable: keep the last figures (NaN when none) rather than fail the scrape
      return previous != null ? new Snapshot(previous.counts(), previous.lagSeconds(), now)
          : new Snapshot(QueueCounts.EMPTY, Double.NaN, now);
    }
  }
}
