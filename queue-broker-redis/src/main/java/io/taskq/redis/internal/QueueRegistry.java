package io.taskq.redis.internal;

import io.taskq.redis.RedisKeys;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of known queues, {@link RedisKeys#QUEUES}: a global key, so never written inside a
 * queue's script (another cluster slot). Remembers the names this process registered, so the hot
 * path sends the command once per queue.
 */
public final class QueueRegistry {
  private final RedisConnector redis;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public QueueRegistry(RedisConnector redis) {
    this.redis = redis;
  }

  /** Adds {@code queue} to the set, unless this process did so already. */
  public void register(String queue) {
    if (!registered.contains(queue)) {
      // read first: at maxmemory (noeviction) SADD is refused even for a known member, and
      // pausing must work
      redis.call("register queue (key " + RedisKeys.QUEUES + ")",
          r -> r.sismember(RedisKeys.QUEUES, queue) ? Boolean.TRUE : r.sadd(RedisKeys.QUEUES, queue));
      registered.add(queue);
    }
  }

  /** The known queues, sorted by name. */
  public Set<String> queues() {
    Set<String> names = redis.call("list queues (key " + RedisKeys.QUEUES + ")",
        r -> r.smembers(RedisKeys.QUEUES));
    return new TreeSet<String>(names);
  }

  /** Removes {@code queue} from the set; a later enqueue here registers it again. */
  public void forget(String queue) {
    redis.call("forget queue " + queue, r -> r.srem(RedisKeys.QUEUES, queue));
    registered.remove(queue);
  }
}
