package io.taskq.embedded;

import io.taskq.QueueShards;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The embedded broker's queues by name under its one lock, and the signals around that lock: the
 * wake-up of idle workers ({@link #awaitWork}) and the finish watchers, told after the lock.
 * Thread-safe.
 */
final class EmbeddedQueues {
  private final InstantSource clock;
  private final BrokerMonitor monitor = new BrokerMonitor();
  private final Map<String, QueueState> queues = new LinkedHashMap<>();
  private final Map<String, List<FinishListener>> watchers = new ConcurrentHashMap<>();

  EmbeddedQueues(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * Runs {@code body} under the broker's lock: every operation is atomic. Tasks that reached a
   * final state meanwhile are told to watchers once the lock is released.
   */
  <T> T locked(Supplier<T> body) {
    List<Map.Entry<String, String>> done = new ArrayList<>();
    T out = monitor.locked(() -> {
      T r = body.get();
      for (var e : queues.entrySet()) {
        e.getValue().kept.drainFinished(id -> done.add(Map.entry(e.getKey(), id)));
      }
      return r;
    });
    for (var d : done) {
      List<FinishListener> ls = watchers.get(d.getKey());
      if (ls != null) {
        ls.forEach(l -> l.finished(d.getKey(), d.getValue()));
      }
    }
    return out;
  }

  void locked(Runnable body) {
    locked(() -> {
      body.run();
      return null;
    });
  }

  /** Runs {@code body} on a queue's state under the broker's lock, then wakes waiters. */
  <T> T locked(String queue, Function<QueueState, T> body) {
    return locked(() -> {
      T out = body.apply(state(queue));
      wake();
      return out;
    });
  }

  /** Runs {@code body} on a queue's state at the clock's current time (ms), under the lock. */
  <T> T atNow(String queue, BiFunction<QueueState, Long, T> body) {
    return locked(() -> body.apply(state(queue), nowMillis()));
  }

  /** The state of {@code queue}, created empty on first use; called under the lock. */
  QueueState state(String queue) {
    return queues.computeIfAbsent(QueueShards.requireValid(queue), k -> new QueueState());
  }

  long nowMillis() {
    return clock.millis();
  }

  /** Drops an empty queue's state (QueueAdmin.forget). */
  boolean forget(String queue) {
    return locked(() -> {
      QueueState s = queues.get(queue);
      if (s != null && s.counts().live() + s.counts().dead() > 0) {
        return false;
      }
      queues.remove(queue);
      return true;
    });
  }

  /** The names of the known queues, sorted. */
  Set<String> names() {
    return locked(() -> new TreeSet<>(queues.keySet()));
  }

  /** The number of known queues, read without the lock (for {@code toString}). */
  int size() {
    return queues.size();
  }

  /** Listeners are called on the thread that made the change, after the broker's lock. */
  FinishWatch watchFinished(String queue, FinishListener listener) {
    QueueShards.requireValid(queue);
    watchers.computeIfAbsent(queue, q -> new CopyOnWriteArrayList<>()).add(listener);
    var closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        watchers.computeIfPresent(queue, (q, ls) -> {
          ls.remove(listener);
          return ls.isEmpty() ? null : ls;
        });
      }
    };
  }

  /** {@link io.taskq.spi.Broker#awaitWork}: see {@link BrokerMonitor#await}. */
  boolean awaitWork(String queue, Duration timeout) {
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    return locked(() -> {
      QueueState s = state(queue);
      // pending work held back by a limit is not ready: a freed slot wakes, a token comes due
      return monitor.await(() -> (!s.paused && !s.pending.isEmpty()
              && s.gate.open(nowMillis())) || s.dueAt(nowMillis()),
          () -> s.scheduled.size() + s.retry.size() > 0 || s.gate.waitsForToken(nowMillis()),
          deadlineNanos);
    });
  }

  /** Wakes {@link #awaitWork}; called under the lock. */
  void wake() {
    monitor.wake();
  }
}
