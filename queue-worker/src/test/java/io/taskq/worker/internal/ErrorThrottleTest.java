package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskqException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A failure repeating on every pass is logged once a minute, with its repeat count. */
class ErrorThrottleTest {
  private final AtomicLong nanos = new AtomicLong();
  private final ErrorThrottle throttle = new ErrorThrottle(nanos::get);

  @Test
  void logsEachDistinctErrorOncePerMinuteWithItsRepeats() {
    TaskqException wrongType = new TaskqException("WRONGTYPE taskq key k holds a string");
    assertThat(throttle.occurred(wrongType)).isZero();
    for (int i = 0; i < 25; i++) {
      assertThat(throttle.occurred(new TaskqException(wrongType.getMessage()))).isEqualTo(-1);
    }
    assertThat(throttle.occurred(new TaskqException("OOM command not allowed"))).isZero();
    nanos.addAndGet(ErrorThrottle.PERIOD.toNanos());
    assertThat(throttle.occurred(wrongType)).isEqualTo(25);
    assertThat(throttle.occurred(wrongType)).isEqualTo(-1);
  }
}
