package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.BrokerUnavailableException;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickerTest {
  private final BrokerHealth health = new BrokerHealth();

  @Test
  void aCallInterruptedByCloseIsNotReportedAsAnOutage() throws Exception {
    Ticker ticker = new Ticker("taskq-test-ticker", health, TimeSource.system());
    CountDownLatch running = new CountDownLatch(1);
    ticker.every(Duration.ofSeconds(1), true, () -> {
      running.countDown();
      try {
        Thread.sleep(10_000); // a Redis call in flight
      } catch (InterruptedException e) {
        // what the Redis client throws when its caller is interrupted
        throw new BrokerUnavailableException("forward interrupted", e);
      }
    });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    ticker.close();

    assertThat(health.isUp()).isTrue();
  }

  @Test
  void aFailedCallWhileRunningIsReportedAsAnOutage() throws Exception {
    Ticker ticker = new Ticker("taskq-test-ticker", health, TimeSource.system());
    CountDownLatch failed = new CountDownLatch(1);
    try {
      ticker.every(Duration.ofSeconds(1), true, () -> {
        failed.countDown();
        throw new BrokerUnavailableException("Redis unreachable", null);
      });
      assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> !health.isUp());
    } finally {
      ticker.close();
    }
  }
}
