package io.taskq.worker.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker answered the last call. Logs each change once, so an outage of minutes gives
 * two lines, not thousands.
 */
public final class BrokerHealth {
  private static final Logger log = LoggerFactory.getLogger(BrokerHealth.class);

  private final AtomicBoolean up = new AtomicBoolean(true);

  public boolean isUp() {
    return up.get();
  }

  public void up() {
    if (up.compareAndSet(false, true)) {
      log.info("Broker reachable again; resuming");
    }
  }

  public void down(RuntimeException cause) {
    if (up.compareAndSet(true, false)) {
      log.warn("Broker unavailable ({}); tasks are kept in Redis, retrying until it is back",
          cause.getMessage());
    }
  }
}
