package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskqException;
import io.taskq.embedded.ManualClock;
import io.taskq.worker.TimeSource;
import org.junit.jupiter.api.Test;

/** A failure repeating on every pass is logged once a minute, with its repeat count. */
class ErrorThrottleTest {
  private final ManualClock clock = new ManualClock();
  private final ErrorThrottle throttle = new ErrorThrottle(TimeSource.of(clock));

  @Test
  void logsEachDistinctErrorOncePerMinuteWithItsRepeats() {
    TaskqException wrongType = new TaskqException("WRONGTYPE taskq key k holds a string");
    assertThat(throttle.occurred(wrongType)).isZero();
    for (int i = 0; i < 25; i++) {
      assertThat(throttle.occurred(new TaskqException(wrongType.getMessage()))).isEqualTo(-1);
    }
    assertThat(throttle.occurred(new TaskqException("OOM command not allowed"))).isZero();
    clock.advance(ErrorThrottle.PERIOD);
    assertThat(throttle.occurred(wrongType)).isEqualTo(25);
    assertThat(throttle.occurred(wrongType)).isEqualTo(-1);
  }
}
