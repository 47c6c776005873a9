package io.taskq.redis.internal;

import io.taskq.ConfigException;
import io.taskq.TaskqException;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.RedisKeys;

/**
 * Guards rolling upgrades: the first broker to connect records the data layout version; a broker
 * of another version refuses to start instead of misreading the data.
 */
public final class LayoutVersion {
  private final RedisConnector redis;

  public LayoutVersion(RedisConnector redis) {
    this.redis = redis;
  }

  /**
   * Records or checks the version.
   *
   * @throws ConfigException when Redis holds data of another layout version
   */
  public void check() {
    // read first and write only when absent: at maxmemory with noeviction every write is refused
    // (SETNX too, even when the key exists), and reading or freeing memory must still work
    String found = redis.call("read layout version (key " + RedisKeys.VERSION + ")", r -> r.get(RedisKeys.VERSION));
    if (found == null) {
      try {
        found = redis.call("record layout version", r -> {
          r.setnx(RedisKeys.VERSION, RedisBroker.LIBRARY_VERSION);
          return r.get(RedisKeys.VERSION);
        });
      } catch (TaskqException e) {
        if (!RedisErrors.isOutOfMemory(e)) {
          throw e;
        }
        return; // nothing recorded yet: the first connect after memory is freed records it
      }
    }
    if (!RedisBroker.LIBRARY_VERSION.equals(found)) {
      throw new ConfigException("Redis at " + redis.redactedUrl() + " holds taskq data of layout"
          + " version " + found + " (key " + RedisKeys.VERSION + "); this build uses version "
          + RedisBroker.LIBRARY_VERSION + ": upgrade or migrate before starting");
    }
  }
}
