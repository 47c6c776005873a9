package io.taskq.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Handles SIGTERM and SIGINT by running a graceful stop instead of the JVM's default exit, so a
 * stopped worker exits 0 (not 143) after returning its unfinished work. Used by the launcher's
 * long-running commands and by {@code Worker.closeOnShutdown()}.
 */
public final class ShutdownSignals {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  /** On the first SIGTERM or SIGINT, runs {@code stop} on a new thread; later ones are logged. */
  public static void onFirst(Runnable stop) {
    var once = new java.util.concurrent.atomic.AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> {
          if (once.compareAndSet(false, true)) {
            log.info("Received SIG{}; shutting down gracefully", s.getName());
            Thread.ofPlatform().name("taskq-shutdown").daemon(false).start(stop);
          } else {
            log.info("Received SIG{} again; shutdown is in progress", s.getName());
          }
        });
      } catch (IllegalArgumentException e) {
        log.debug("Cannot handle SIG{} on this platform", name, e);
      }
    }
  }
}
