package io.taskq.worker.internal;

import io.taskq.internal.ShutdownSignals;

/**
 * What {@link io.taskq.worker.Worker#closeOnShutdown()} installs: a JVM shutdown hook that closes
 * the worker, and a SIGTERM/SIGINT handler ({@link ShutdownSignals}) that closes it, then exits
 * with status 0.
 */
public final class ShutdownHook {
  private final Thread hook;

  private ShutdownHook(Thread hook) {
    this.hook = hook;
  }

  /** Installs the hook and the signal handler, both running {@code close}. */
  public static ShutdownHook install(Runnable close) {
    Thread hook = Thread.ofPlatform().name("taskq-worker-close").unstarted(close);
    Runtime.getRuntime().addShutdownHook(hook);
    ShutdownSignals.onFirst(() -> {
      close.run();
      System.exit(0);
    });
    return new ShutdownHook(hook);
  }

  /**
   * Removes the JVM hook once the worker is closed, so a long-lived process forgets the worker;
   * does nothing on the hook's own thread or once the JVM is shutting down.
   */
  public void forget() {
    if (hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already: the hook runs and finds the worker closed
      }
    }
  }
}
