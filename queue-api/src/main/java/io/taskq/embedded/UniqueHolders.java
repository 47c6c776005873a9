package io.taskq.embedded;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The unique keys of one queue in the embedded broker, as the Redis enqueue script keeps them: the
 * id of the task holding each key, and the key's expiry. Guarded by the broker's lock; times are
 * epoch ms. {@code live} tells whether a task is stored and not dead.
 */
final class UniqueHolders {
  private final Map<String, String> holders = new HashMap<>();
  private final ScoredSet expiry = new ScoredSet();

  /**
   * The id of the task holding {@code key} at {@code now}, or null: the task that took it holds it
   * while live or until the key's expiry, whichever is later.
   */
  @Nullable String holder(String key, long now, Predicate<String> live) {
    String holder = holders.get(key);
    if (holder == null) {
      return null;
    }
    Long exp = expiry.score(key);
    return (exp != null && exp > now) || live.test(holder) ? holder : null;
  }

  /** Drops up to 20 expired keys whose task is gone, as the enqueue script does. */
  void trim(long now, Predicate<String> live) {
    for (String key : expiry.upTo(now, 20)) {
      String holder = holders.get(key);
      if (holder == null || !live.test(holder)) {
        holders.remove(key);
        expiry.remove(key);
      }
    }
  }

  /** Task {@code id} takes {@code key}, which expires at {@code until}. */
  void take(String key, String id, long until) {
    holders.put(key, id);
    expiry.add(key, until);
  }
}
