package io.taskq.worker.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Worker ids: {@code host-pid-random}, readable in logs and unique per process start. */
public final class WorkerIds {
  private static final String HOST = lookupHost();

  private WorkerIds() {}

  public static String next() {
    return HOST + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  public static String host() {
    return HOST;
  }

  private static String lookupHost() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
