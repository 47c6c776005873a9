package io.taskq.worker.internal;

import io.taskq.internal.HostName;
import java.util.concurrent.ThreadLocalRandom;

/** Worker ids: {@code host-pid-random}, readable in logs and unique per process start. */
public final class WorkerIds {
  private WorkerIds() {}

  public static String next() {
    return HostName.get() + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  public static String host() {
    return HostName.get();
  }
}
