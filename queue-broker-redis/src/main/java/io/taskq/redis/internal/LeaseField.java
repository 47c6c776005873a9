package io.taskq.redis.internal;

import io.taskq.spi.LeaseInfo;
import java.time.Instant;

/** Reads a {@code lease} hash value: {@code token|workerId|claimedAt|startedAt}. */
public final class LeaseField {
  private LeaseField() {}

  /** The lease info of a value; {@code startedAt} is empty while the task is reserved. */
  public static LeaseInfo parse(String value, Instant deadline) {
    String[] p = value.split("\\|", -1);
    if (p.length < 4) {
      return new LeaseInfo("unknown", deadline, null, deadline);
    }
    Instant claimed = Instant.ofEpochMilli(Long.parseLong(p[2]));
    Instant started = p[3].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(p[3]));
    return new LeaseInfo(p[1], claimed, started, deadline);
  }
}
