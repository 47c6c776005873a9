package io.taskq.worker.internal;

import io.taskq.PayloadException;
import io.taskq.TaskState;
import io.taskq.TaskqException;
import io.taskq.spi.Broker;
import io.taskq.spi.EnvelopeCodec;
import io.taskq.spi.QueueCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and lag per queue, read with one counts script (and one lookup of the oldest pending
 * task) per queue and kept for a second, so all the gauges of one scrape cost O(queues) round
 * trips, never O(tasks).
 */
final class QueueSnapshots {
  private static final long MAX_AGE_NANOS = Duration.ofSeconds(1).toNanos();

  /** A queue's figures at one moment. */
  record Snapshot(QueueCounts counts, double lagSeconds, long takenNanos) {}

  private final Broker broker;
  private final EnvelopeCodec codec;
  private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

  QueueSnapshots(Broker broker, EnvelopeCodec codec) {
    this.broker = broker;
    this.codec = codec;
  }

  Snapshot of(String queue) {
    Snapshot s = cache.get(queue);
    long now = System.nanoTime();
    if (s == null || now - s.takenNanos() > MAX_AGE_NANOS) {
      s = read(queue, now, s);
      cache.put(queue, s);
    }
    return s;
  }

  private Snapshot read(String queue, long now, Snapshot previous) {
    try {
      QueueCounts counts = broker.counts(queue);
      double lag = 0;
      List<String> oldest = broker.admin().ids(queue, TaskState.PENDING, 1);
      if (!oldest.isEmpty()) {
        String env = broker.find(queue, oldest.get(0)).map(t -> t.envelope()).orElse(null);
        if (env != null) {
          Instant created = codec.decode(env).createdAt();
          lag = Math.max(0, Duration.between(created, broker.now()).toMillis() / 1000.0);
        }
      }
      return new Snapshot(counts, lag, now);
    } catch (PayloadException e) {
      return new Snapshot(broker.counts(queue), 0, now);
    } catch (TaskqException e) {
      // Redis unreachable: keep the last figures (NaN when none) rather than fail the scrape
      return previous != null ? new Snapshot(previous.counts(), previous.lagSeconds(), now)
          : new Snapshot(QueueCounts.EMPTY, Double.NaN, now);
    }
  }
}
