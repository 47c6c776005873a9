package io.taskq.redis.internal;

import io.taskq.redis.RedisKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis type each key of a queue must hold. A key of another type (written by hand or by
 * another program) makes every script touching it refuse (see {@code lua/lib/check_types.lua});
 * health checks name it from here.
 */
public final class KeyTypes {
  private KeyTypes() {}

  /** Each key of the queue with the type it must hold, when it exists. */
  static Map<String, String> expected(RedisKeys k) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(k.tasks(), "hash");
    m.put(k.pending(), "list");
    m.put(k.prioritized(), "zset");
    m.put(k.active(), "zset");
    m.put(k.lease(), "hash");
    m.put(k.scheduled(), "zset");
    m.put(k.retry(), "zset");
    m.put(k.dead(), "zset");
    m.put(k.marker(), "zset");
    m.put(k.crashes(), "hash");
    m.put(k.stats(), "hash");
    m.put(k.reaper(), "string");
    m.put(k.paused(), "string");
    m.put(k.results(), "hash");
    m.put(k.resultsExpiry(), "zset");
    m.put(k.unique(), "hash");
    m.put(k.uniqueExpiry(), "zset");
    m.put(k.revoked(), "zset");
    m.put(k.priority(), "hash");
    m.put(k.rate(), "hash");
    return m;
  }

  /** Tests only: each key of the queue with the type it must hold. */
  public static Map<String, String> expectedForTest(RedisKeys k) {
    return expected(k);
  }

  /** One line per key of the queue that holds another type than it must. */
  public static List<String> problems(RedisConnector redis, RedisKeys k) {
    Map<String, String> expected = expected(k);
    return redis.call("read key types", r -> {
      List<String> out = new ArrayList<>();
      expected.forEach((key, want) -> {
        String type = r.type(key);
        if (!"none".equals(type) && !want.equals(type)) {
          out.add("key " + key + " holds a " + type + ", not a " + want
              + ": delete or rename it (scripts on this queue refuse until then)");
        }
      });
      return out;
    });
  }
}
