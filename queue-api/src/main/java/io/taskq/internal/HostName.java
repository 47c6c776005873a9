package io.taskq.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name as workers and events report it: {@code $HOSTNAME}, else the resolver's. */
public final class HostName {
  private static final String HOST = lookup();

  private HostName() {}

  /** The host name, looked up once per process. */
  public static String get() {
    return HOST;
  }

  private static String lookup() {
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
