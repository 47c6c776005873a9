package io.taskq.redis.internal;

import io.lettuce.core.Range;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live workers: a hash per worker ({@link RedisKeys#worker}) that expires with its heartbeat, and
 * the index {@link RedisKeys#WORKERS} scored by expiry. Global keys in different slots, so plain
 * commands, not one script.
 */
public record WorkerRegistry(RedisConnector redis, RedisTime time) {
  /** See {@link io.taskq.spi.Broker#workerHeartbeat}. */
  public void heartbeat(WorkerInfo w, Duration ttl) {
    long now = time.now().toEpochMilli();
    String key = RedisKeys.worker(w.id());
    Map<String, String> fields = WorkerFields.format(w, now);
    redis.call("worker heartbeat (keys " + key + ", " + RedisKeys.WORKERS + ")", r -> {
      r.hset(key, fields);
      r.pexpire(key, ttl.toMillis());
      r.zadd(RedisKeys.WORKERS, (double) (now + ttl.toMillis()), w.id());
      return r.zremrangebyscore(RedisKeys.WORKERS,
          Range.create(Double.NEGATIVE_INFINITY, (double) now));
    });
  }

  /** See {@link io.taskq.spi.Broker#workerGone}. */
  public void gone(String workerId) {
    redis.call("worker gone", r -> {
      r.zrem(RedisKeys.WORKERS, workerId);
      return r.del(RedisKeys.worker(workerId));
    });
  }

  /** See {@link io.taskq.spi.Broker#workers}. */
  public List<WorkerInfo> workers() {
    long now = time.now().toEpochMilli();
    return redis.call("list workers (key " + RedisKeys.WORKERS + ")", r -> {
      List<String> ids = r.zrangebyscore(RedisKeys.WORKERS,
          Range.from(Range.Boundary.excluding((double) now), Range.Boundary.unbounded()));
      List<WorkerInfo> out = new ArrayList<>();
      for (String id : ids) {
        Map<String, String> h = r.hgetall(RedisKeys.worker(id));
        if (h != null && !h.isEmpty()) {
          out.add(WorkerFields.parse(id, h));
        }
      }
      return out;
    });
  }
}
