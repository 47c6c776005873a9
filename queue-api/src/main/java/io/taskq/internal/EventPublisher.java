package io.taskq.internal;

import io.taskq.TaskError;
import io.taskq.config.EventsConfig;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Sends task events to the {@link EventStream} without ever slowing or failing the task they
 * describe: each append is started and not waited for; at most {@link #MAX_IN_FLIGHT} may be
 * unanswered at once, and an event over that bound, refused by the store or not sent because it
 * is unreachable is dropped and counted ({@link #dropped()}). Thread-safe.
 */
public final class EventPublisher {
  /** Most appends awaiting the store's answer; past it, events are dropped. */
  public static final int MAX_IN_FLIGHT = 10_000;

  private static final EventPublisher OFF = new EventPublisher(null, EventsConfig.OFF, null,
      InstantSource.system());

  private final @Nullable EventStream stream;
  private final long maxLen;
  private final @Nullable String worker;
  private final String host = HostName.get();
  private final InstantSource clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();

  private EventPublisher(@Nullable EventStream stream, EventsConfig config,
      @Nullable String worker, InstantSource clock) {
    this.stream = config.enabled() ? stream : null;
    this.maxLen = config.maxLen();
    this.worker = worker;
    this.clock = clock;
  }

  /**
   * A publisher to {@code stream} when {@code config} enables events, else one that sends
   * nothing.
   *
   * @param worker the id of the publishing worker, or {@code null} for a client
   */
  public static EventPublisher create(EventStream stream, EventsConfig config,
      @Nullable String worker, InstantSource clock) {
    return config.enabled() ? new EventPublisher(stream, config, worker, clock) : OFF;
  }

  /** A publisher that sends nothing. */
  public static EventPublisher off() {
    return OFF;
  }

  /** Whether events are sent at all. */
  public boolean enabled() {
    return stream != null;
  }

  /** Events dropped so far: over the in-flight bound, refused or not sent. */
  public long dropped() {
    return dropped.sum();
  }

  /** Appends unanswered now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Waits until every append started so far was answered, or {@code max} passed: at close, so
   * that a short-lived process's last events are not cut off with its connection. Never on the
   * hot path.
   *
   * @return true when none is left unanswered
   */
  public boolean awaitSent(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  /** A task was submitted. */
  public void sent(String queue, String task, String taskId) {
    publish(TaskEvent.Type.SENT, queue, task, taskId, 0, null);
  }

  /** An event of {@code type} for attempt {@code attempt}, with the error's type and message. */
  public void publish(TaskEvent.Type type, String queue, String task, String taskId, int attempt,
      @Nullable TaskError error) {
    EventStream s = stream;
    if (s == null) {
      return;
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      dropped.increment();
      return;
    }
    try {
      TaskEvent event = new TaskEvent(type, queue, task, taskId, attempt, worker, host,
          clock.instant(), error == null ? null : error.type(),
          error == null ? null : error.message());
      s.append(event, maxLen).whenComplete((ok, failure) -> {
        inFlight.decrementAndGet();
        if (failure != null) {
          dropped.increment();
        }
      });
    } catch (RuntimeException e) { // a store that threw instead of failing the stage
      inFlight.decrementAndGet();
      dropped.increment();
    }
  }
}
