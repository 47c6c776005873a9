package io.taskq.redis.internal;

import static io.taskq.spi.Broker.MAX_BATCH;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.taskq.redis.RedisKeys;
import java.time.Duration;
import java.util.List;

/**
 * Work becoming due: the forwarder script (scheduled and retry tasks whose time has come go to
 * pending) and the wait for work of a queue, which asks the forwarder when delayed work is next
 * due. The wait blocks on the queue's {@link WakeChannels.Signal} (one pub/sub connection for
 * every queue; on a cluster, one per primary), or, where Redis refuses the wake channels, with
 * BZPOPMIN on the queue's marker on a dedicated connection.
 */
public record WorkWaiter(RedisConnector redis, RedisTime time, WakeChannels wakes) {
  public WorkWaiter(RedisConnector redis, RedisTime time) {
    this(redis, time, new WakeChannels(redis));
  }

  /** See {@link io.taskq.spi.Broker#forwardDue}. */
  public int forwardDue(String queue, int limit) {
    return ((Long) forward(queue, limit).get(0)).intValue();
  }

  /** Runs the forwarder: {moved, next due ms or -1, now}. */
  private List<Object> forward(String queue, int limit) {
    return redis.eval(Script.FORWARD, ScriptOutputType.MULTI,
        Script.FORWARD.keys(RedisKeys.of(queue)),
        time.arg(), Integer.toString(Math.min(limit, MAX_BATCH)));
  }

  /**
   * Waits for a signal of the queue. Delayed work needs no signal per task: the forwarder script
   * reports the next due time, and the wait is cut short to end then; schedule and retry scripts
   * signal so a waiter re-reads it. The wake channel is subscribed before the due time is read,
   * so a change after the read is signalled.
   *
   * @see io.taskq.spi.Broker#awaitWork
   */
  public boolean awaitWork(String queue, Duration timeout) {
    WakeChannels.Signal signal = wakes.signal(queue);
    if (signal != null && signal.take(0)) {
      return true; // signalled while the caller claimed: it claims again before reading more
    }
    if (signal != null && signal.stillNothingDelayed()) {
      // an idle queue: no signal since the last look found nothing delayed, so nothing is
      return signal.take(timeout.toMillis());
    }
    List<Object> fwd = forward(queue, 0);
    long nextDue = (Long) fwd.get(1);
    long now = (Long) fwd.get(2);
    if (signal != null && nextDue < 0) {
      signal.nothingDelayed();
    }
    if (nextDue >= 0 && nextDue <= now) {
      return true;
    }
    // a blocking command: the client's fixed command timeout covers it too, stay well below it
    long cap = signal != null ? timeout.toMillis() : Math.min(timeout.toMillis(),
        Math.max(100, redis.commandTimeout().toMillis() * 3 / 4));
    boolean cutByDue = nextDue >= 0 && nextDue - now <= cap;
    long waitMs = cutByDue ? nextDue - now : cap;
    if (waitMs <= 0 || Thread.currentThread().isInterrupted()) {
      return false;
    }
    if (signal != null) {
      return signal.take(waitMs) || cutByDue && !Thread.currentThread().isInterrupted();
    }
    Duration block = Duration.ofMillis(Math.max(10, waitMs));
    String marker = RedisKeys.of(queue).marker();
    var popped = redis.callBlocking(queue, marker, block,
        r -> r.bzpopmin(block.toMillis() / 1000.0, marker));
    if (popped != null && popped.hasValue()) { // signalled
      ScoredValue<String> v = popped.getValue();
      // several members may be waiting; put back nothing: claim re-signals while work remains
      return v.hasValue();
    }
    return cutByDue;
  }
}
