package io.taskq.beat;

import java.time.Duration;
import java.util.Objects;

/** When an entry fires: every fixed period (aligned to the epoch) or on a Quartz cron expression. */
public sealed interface Timing {
  /** Every {@code period}, at whole multiples of it since the epoch (never a replica's start). */
  record Every(Duration period) implements Timing {
    public Every {
      Objects.requireNonNull(period, "period");
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be > 0, was " + period);
      }
    }

    @Override
    public String toString() {
      return "every " + period;
    }
  }

  /** A Quartz cron expression (seconds first), read on the entry's timezone's wall clock. */
  record Cron(String expression) implements Timing {
    public Cron {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public String toString() {
      return "cron " + expression;
    }
  }
}
