package io.taskq.redis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Server settings that put stored tasks at risk, read from {@code INFO memory}, which hardened
 * servers allow where {@code CONFIG} is renamed away.
 */
public final class ServerWarnings {
  private ServerWarnings() {}

  /**
   * Any {@code maxmemory-policy} but {@code noeviction} lets Redis delete keys, queued tasks among
   * them, when it reaches {@code maxmemory}; with {@code noeviction} at {@code maxmemory}, new
   * tasks are refused.
   *
   * @see io.taskq.spi.Broker#serverWarnings
   */
  public static List<String> read(RedisConnector redis) {
    String info = redis.call("read server info", r -> r.info("memory"));
    String policy = info.lines().filter(l -> l.startsWith("maxmemory_policy:"))
        .map(l -> l.substring("maxmemory_policy:".length()).trim()).findFirst().orElse(null);
    List<String> out = new ArrayList<>();
    if (policy != null && !policy.equals("noeviction")) {
      out.add("Redis maxmemory-policy is " + policy + ", not noeviction: at maxmemory Redis"
          + " may evict stored tasks; set maxmemory-policy noeviction");
    }
    long used = infoLong(info, "used_memory");
    long max = infoLong(info, "maxmemory");
    if ("noeviction".equals(policy) && max > 0 && used >= max) {
      out.add("Redis is out of memory (used_memory " + used + " of maxmemory " + max + "):"
          + " new tasks are refused while claims and acks go on; free memory (taskq purge,"
          + " taskq dlq delete) or raise maxmemory");
    }
    return out;
  }

  private static long infoLong(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).trim()).filter(v -> v.matches("\\d+"))
        .mapToLong(Long::parseLong).findFirst().orElse(-1);
  }
}
