package io.taskq.worker.internal;

import io.taskq.spi.Broker;
import io.taskq.spi.RevokeSignal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's subscription to revokes of the tasks it holds ({@link Broker#watchRevokes}), made
 * on a thread of its own and tried again with backoff while the broker cannot be reached, so a
 * worker that starts during an outage still gets terminate signals once it is back.
 */
public final class RevokeSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RevokeSubscription.class);
  /** Longest wait of {@link #start()} for the subscription. */
  static final Duration START_WAIT = Duration.ofSeconds(1);

  private final Thread thread;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Object lock = new Object();
  private @Nullable AutoCloseable handle; // guarded by lock
  private boolean closed; // guarded by lock

  public RevokeSubscription(Broker broker, Set<String> queues, String workerId,
      Consumer<RevokeSignal> listener) {
    this.thread = Thread.ofVirtual().name("taskq-revokes").unstarted(() -> {
      Pause pause = new Pause();
      while (true) {
        try {
          AutoCloseable h = broker.watchRevokes(queues, workerId, listener);
          synchronized (lock) {
            if (!closed) {
              handle = h;
              subscribed.countDown();
              return;
            }
          }
          closeQuietly(h);
          return;
        } catch (RuntimeException e) {
          log.debug("Subscribing to revokes failed; trying again", e);
          if (isClosed() || !pause.sleep()) {
            return;
          }
        }
      }
    });
  }

  /**
   * Starts subscribing and waits up to {@link #START_WAIT} for it (so a revoke sent right after
   * the worker started reaches it); during an outage it goes on trying in the background.
   */
  public void start() {
    thread.start();
    try {
      subscribed.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Stops listening. Idempotent. */
  @Override
  public void close() {
    AutoCloseable h;
    synchronized (lock) {
      closed = true;
      h = handle;
      handle = null;
    }
    thread.interrupt();
    if (h != null) {
      closeQuietly(h);
    }
  }

  private static void closeQuietly(AutoCloseable h) {
    try {
      h.close();
    } catch (Exception e) {
      log.debug("Closing the revoke subscription failed", e);
    }
  }
}
