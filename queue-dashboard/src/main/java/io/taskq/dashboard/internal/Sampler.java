package io.taskq.dashboard.internal;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskqException;
import io.taskq.dashboard.internal.Views.QueueView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every queue's figures every period, keeps the last {@value #KEEP} samples for the
 * charts (throughput from the {@code processed}/{@code failed} counters, latency as the lag)
 * and hands each sample to the live-counter subscribers.
 */
final class Sampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sampler.class);
  static final int KEEP = 180;
  /** Samples a slow subscriber may fall behind before the oldest are dropped. */
  private static final int SUBSCRIBER_BACKLOG = 8;

  /**
   * One reading of every queue.
   *
   * @param error why the queues could not be read, else {@code null}
   */
  record Sample(Instant at, List<QueueView> queues, @Nullable String error) {}

  /** Handed to every subscriber on close: the stream ends. */
  static final Sample END = new Sample(Instant.EPOCH, List.of(), "closed");

  private final Inspector inspector;
  private final Duration every;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Sample> history = new ArrayDeque<>();
  private final Set<BlockingQueue<Sample>> subscribers = ConcurrentHashMap.newKeySet();
  private Map<String, QueueStats> last = Map.of();
  private @Nullable Instant lastAt;
  private Map<String, double[]> rates = Map.of();
  private boolean failing;

  Sampler(Inspector inspector, Duration every) {
    this.inspector = inspector;
    this.every = every;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("taskq-dashboard-sampler").daemon(true).factory());
  }

  void start() {
    timer.scheduleWithFixedDelay(this::sampleQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) { // keep sampling: the next period may succeed
      log.error("Dashboard sampling failed; retrying in {} ms", every.toMillis(), e);
    }
  }

  /** Reads every queue once, computes the rates since the previous reading and publishes. */
  void sample() {
    Instant now = Instant.now();
    Sample s;
    try {
      List<QueueStats> stats = new ArrayList<>();
      for (String q : inspector.queues()) {
        stats.add(inspector.stats(q));
      }
      s = new Sample(now, views(stats, now), null);
      if (failing) {
        log.info("Dashboard: queues readable again");
        failing = false;
      }
    } catch (TaskqException e) {
      if (timer.isShutdown()) {
        return; // closing: the read was cut short on purpose
      }
      if (!failing) {
        log.warn("Dashboard cannot read the queues: {}; retrying every {} ms", e.getMessage(),
            every.toMillis());
        failing = true;
      }
      s = new Sample(now, List.of(), e.getMessage());
    }
    synchronized (history) {
      history.addLast(s);
      while (history.size() > KEEP) {
        history.removeFirst();
      }
    }
    for (BlockingQueue<Sample> sub : subscribers) {
      while (!sub.offer(s)) {
        sub.poll();
      }
    }
  }

  private synchronized List<QueueView> views(List<QueueStats> stats, Instant now) {
    Map<String, QueueStats> byQueue = new HashMap<>();
    Map<String, double[]> newRates = new HashMap<>();
    List<QueueView> out = new ArrayList<>();
    for (QueueStats s : stats) {
      byQueue.put(s.queue(), s);
      QueueStats before = last.get(s.queue());
      double seconds = lastAt == null ? 0 : Duration.between(lastAt, now).toMillis() / 1000.0;
      if (before != null && seconds > 0 && s.processed() >= before.processed()
          && s.failed() >= before.failed()) {
        newRates.put(s.queue(), new double[] {(s.processed() - before.processed()) / seconds,
            (s.failed() - before.failed()) / seconds});
      }
    }
    last = byQueue;
    lastAt = now;
    rates = newRates;
    for (QueueStats s : stats) {
      out.add(view(s));
    }
    return out;
  }

  /** A queue's figures with the rates of the last sample. */
  synchronized QueueView view(QueueStats s) {
    double[] r = rates.get(s.queue());
    return QueueView.of(s, r == null ? null : r[0], r == null ? null : r[1]);
  }

  List<Sample> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /** A queue receiving every new sample; give it back with {@link #unsubscribe}. */
  BlockingQueue<Sample> subscribe() {
    BlockingQueue<Sample> q = new ArrayBlockingQueue<>(SUBSCRIBER_BACKLOG);
    subscribers.add(q);
    return q;
  }

  void unsubscribe(BlockingQueue<Sample> q) {
    subscribers.remove(q);
  }

  int subscribers() {
    return subscribers.size();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (BlockingQueue<Sample> sub : subscribers) {
      sub.clear();
      sub.offer(END);
    }
  }
}
