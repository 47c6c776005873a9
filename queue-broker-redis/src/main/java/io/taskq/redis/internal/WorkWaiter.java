package io.taskq.redis.internal;

import static io.taskq.spi.Broker.MAX_BATCH;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.taskq.redis.RedisKeys;
import java.time.Duration;
import java.util.List;

/**
 * Work becoming due: the forwarder script (scheduled and retry tasks whose time has come go to
 * pending) and the wait for work on a queue's marker, which asks the forwarder when delayed work
 * is next due.
 */
public record WorkWaiter(RedisConnector redis, RedisTime time) {
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
   * Waits on the queue's marker with BZPOPMIN on a dedicated connection. Delayed work needs no
   * marker entry per task: the forwarder script reports the next due time, and the wait is cut
   * short to end then; schedule and retry scripts signal the marker so a waiter re-reads it.
   *
   * @see io.taskq.spi.Broker#awaitWork
   */
  public boolean awaitWork(String queue, Duration timeout) {
    List<Object> fwd = forward(queue, 0);
    long nextDue = (Long) fwd.get(1);
    long now = (Long) fwd.get(2);
    if (nextDue >= 0 && nextDue <= now) {
      return true;
    }
    // the client's fixed command timeout covers blocking commands too: stay well below it
    long cap = Math.min(timeout.toMillis(),
        Math.max(100, redis.commandTimeout().toMillis() * 3 / 4));
    boolean cutByDue = nextDue >= 0 && nextDue - now <= cap;
    long waitMs = cutByDue ? nextDue - now : cap;
    if (waitMs <= 0 || Thread.currentThread().isInterrupted()) {
      return false;
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
