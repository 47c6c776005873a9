package io.taskq.cli;

import io.taskq.BrokerUnavailableException;
import io.taskq.config.TaskqConfig;
import io.taskq.inspect.ConnectedCommand;
import io.taskq.internal.ShutdownSignals;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command that runs until SIGTERM/SIGINT (worker, beat): waits for Redis at start instead of
 * failing, and turns the first signal into a graceful stop so the exit code is 0.
 */
abstract class LongRunningCommand extends ConnectedCommand {
  private static final Logger log = LoggerFactory.getLogger(LongRunningCommand.class);
  private static final Duration RECONNECT = Duration.ofSeconds(2);

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicReference<AutoCloseable> running = new AtomicReference<>();

  /** Installs the signal handlers; call first. */
  protected void handleSignals() {
    ShutdownSignals.onFirst(() -> {
      stopRequested.countDown();
      AutoCloseable r = running.get();
      if (r != null) {
        try {
          r.close();
        } catch (Exception e) {
          log.warn("Stopping failed", e);
        }
      }
    });
  }

  /** What a signal closes, once it runs; closed at once when a signal came first. */
  protected void onStop(AutoCloseable whatRuns) throws Exception {
    running.set(whatRuns);
    if (stopRequested.getCount() == 0) {
      whatRuns.close();
    }
  }

  protected boolean stopRequested() {
    return stopRequested.getCount() == 0;
  }

  /** Opens the broker, retrying while Redis is unreachable; null when stopped meanwhile. */
  protected @Nullable Broker openBroker(TaskqConfig config) throws InterruptedException {
    int attempts = 0;
    while (true) {
      try {
        Broker broker = BrokerFactory.open(config.redis());
        if (attempts > 0) {
          log.info("Redis at {} is reachable; starting", config.redis().redactedUrl());
        }
        return broker;
      } catch (BrokerUnavailableException e) {
        if (attempts++ % 15 == 0) {
          log.warn("{}; retrying every {} s until it is reachable", e.getMessage(),
              RECONNECT.toSeconds());
        }
      }
      if (stopRequested.await(RECONNECT.toMillis(), TimeUnit.MILLISECONDS)) {
        return null;
      }
    }
  }
}
