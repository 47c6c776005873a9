package io.taskq.redis.internal;

import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply of {@code claim.lua} as Lettuce returns it (a flat list: the broker's time in ms, the
 * limit flag, the number of dropped ids, the dropped ids, then id, envelope, crash count and
 * revoked flag per claimed task), decoded into {@link ClaimedTask}s. Public for the JMH suite.
 */
public final class ClaimReply {
  private ClaimReply() {}

  /** The broker's time of the claim, in ms. */
  public static long now(List<Object> out) {
    return (Long) out.get(0);
  }

  /** -1 not held back, 0 held back by maxActive, > 0 by the rate limit (ms to its next token). */
  public static long limit(List<Object> out) {
    return (Long) out.get(1);
  }

  /** The ids dropped from pending without a claim. */
  public static List<Object> dropped(List<Object> out) {
    return out.subList(3, 3 + ((Long) out.get(2)).intValue());
  }

  /**
   * The claimed tasks, their tokens {@code prefix:1}, {@code prefix:2}, ... and their leases
   * ending {@code lease} after the broker's time.
   */
  public static List<ClaimedTask> tasks(List<Object> out, String queue, String prefix,
      Duration lease) {
    long now = now(out);
    int first = 3 + ((Long) out.get(2)).intValue();
    Instant claimedAt = Instant.ofEpochMilli(now);
    Instant deadline = Instant.ofEpochMilli(now + lease.toMillis());
    List<ClaimedTask> claimed = new ArrayList<>((out.size() - first) / 4);
    for (int i = first, n = 1; i + 3 < out.size(); i += 4, n++) {
      claimed.add(new ClaimedTask(queue, (String) out.get(i), (String) out.get(i + 1),
          prefix + ":" + n, deadline, claimedAt, ((Long) out.get(i + 2)).intValue(),
          (Long) out.get(i + 3) == 1L));
    }
    return claimed;
  }
}
