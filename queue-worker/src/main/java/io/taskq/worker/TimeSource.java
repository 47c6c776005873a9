package io.taskq.worker;

import java.time.InstantSource;

/**
 * Where a worker reads time: monotonic {@link #nanoTime()} for its time limits, shutdown grace,
 * mark and flush delays and heartbeat file interval, and wall-clock {@link #instant()} for attempt
 * timestamps. Every worker component reads the one source given to
 * {@link Worker.Builder#timeSource(TimeSource)}, so a test on a manual clock moves all of them.
 *
 * <p>Waits on a deadline of this source re-read it at least every few milliseconds, so a test
 * that advances a manual clock ends them without waiting in real time.
 */
public interface TimeSource extends InstantSource {
  /** Monotonic nanoseconds, only meaningful as a difference, like {@link System#nanoTime()}. */
  long nanoTime();

  /** The JVM's clocks: {@link System#nanoTime()} and {@link InstantSource#system()}. */
  static TimeSource system() {
    return new ComposedTimeSource(System::nanoTime, InstantSource.system());
  }

  /**
   * Everything from {@code clock}: its milliseconds are the monotonic time too, so time limits,
   * the shutdown grace and the worker's delays pass only as {@code clock} moves (tests with a
   * clock that moves only when told). {@code clock} must never go back.
   */
  static TimeSource of(InstantSource clock) {
    return new ComposedTimeSource(() -> clock.millis() * 1_000_000L, clock);
  }

  /** This source's monotonic time with the wall-clock instants of {@code wall}. */
  default TimeSource withWall(InstantSource wall) {
    return new ComposedTimeSource(this::nanoTime, wall);
  }
}
