package io.taskq.worker.internal;

import io.taskq.internal.FollowUpRunner;
import io.taskq.internal.Workflows;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Acts on the follow-ups of the worker's queues (chain steps, group bodies, callbacks;
 * {@link FollowUpRunner}): at once when this worker ended a task with links, and every
 * {@link #PERIOD} for those another worker left behind when it died between ending a task and
 * acting on its links. One thread; requests for a queue already waiting are merged.
 */
public final class FollowUps implements AutoCloseable {
  /** The safety pass over every queue; an idle queue costs one list read per period. */
  static final Duration PERIOD = Duration.ofSeconds(5);

  private final FollowUpRunner runner;
  private final List<String> queues;
  private final Ticker ticker;
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  public FollowUps(WorkerRuntime rt, List<String> queues) {
    this.runner = new FollowUpRunner(rt.broker(), new Workflows(rt.broker(), rt.config(),
        rt.codec(), rt.time().withZone(ZoneOffset.UTC)));
    this.queues = List.copyOf(queues);
    this.ticker = new Ticker("taskq-follow-ups", rt.health(), rt.time());
  }

  public void start() {
    ticker.every(PERIOD, true, () -> queues.forEach(runner::drain));
  }

  /** Acts on {@code queue}'s follow-ups soon, on the follow-up thread. */
  public void request(String queue) {
    if (requested.add(queue)) {
      ticker.once(Duration.ZERO, () -> {
        requested.remove(queue);
        runner.drain(queue);
      });
    }
  }

  /** Acts on {@code queue}'s follow-ups now, on the caller's thread (the inline worker). */
  public int drain(String queue) {
    return runner.drain(queue);
  }

  @Override
  public void close() {
    ticker.close();
  }
}
