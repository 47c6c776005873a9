package io.taskq.internal;

import io.taskq.TaskError;
import io.taskq.config.EventsConfig;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Sends task events to the {@link EventStream} without ever slowing or failing the task they
 * describe: the caller only queues the event; one sender thread hands queued events to the store
 * every {@link #LINGER} in batches of up to {@link #BATCH} (one pipelined write for Redis) and
 * does not wait for the answer. At most {@link #MAX_IN_FLIGHT} events may be queued or unanswered at once; an event
 * over that bound, refused by the store or not sent because it is unreachable is dropped and
 * counted ({@link #dropped()}). Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {
  /** Most events queued or awaiting the store's answer; past it, events are dropped. */
  public static final int MAX_IN_FLIGHT = 10_000;
  /** Most events sent in one batch. */
  static final int BATCH = 500;
  /**
   * How long the sender lets events gather between batches. Publishers never wake it: a wake-up
   * per event would cost a context switch each, and the batches would be of one event.
   */
  static final Duration LINGER = Duration.ofMillis(5);

  private static final EventPublisher OFF = new EventPublisher(null, EventsConfig.OFF, null,
      InstantSource.system());

  private final @Nullable EventStream stream;
  private final long maxLen;
  private final @Nullable String worker;
  private final String host = HostName.get();
  private final InstantSource clock;
  private final Semaphore room = new Semaphore(MAX_IN_FLIGHT);
  private final ConcurrentLinkedQueue<TaskEvent> queued = new ConcurrentLinkedQueue<>();
  private final LongAdder dropped = new LongAdder();
  private final @Nullable Thread sender;
  private volatile boolean closed;

  private EventPublisher(@Nullable EventStream stream, EventsConfig config,
      @Nullable String worker, InstantSource clock) {
    this.stream = config.enabled() ? stream : null;
    this.maxLen = config.maxLen();
    this.worker = worker;
    this.clock = clock;
    this.sender = this.stream == null ? null
        : Thread.ofPlatform().daemon().name("taskq-events").start(this::send);
  }

  /**
   * A publisher to {@code stream} when {@code config} enables events (with its sender thread
   * started), else one that sends nothing.
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

  /** A task was submitted. */
  public void sent(String queue, String task, String taskId) {
    publish(TaskEvent.Type.SENT, queue, task, taskId, 0, null);
  }

  /** Queues an event of {@code type} for attempt {@code attempt}, with the error's type and message. */
  public void publish(TaskEvent.Type type, String queue, String task, String taskId, int attempt,
      @Nullable TaskError error) {
    if (stream == null) {
      return;
    }
    if (closed || !room.tryAcquire()) {
      dropped.increment();
      return;
    }
    queued.add(new TaskEvent(type, queue, task, taskId, attempt, worker, host, clock.instant(),
        error == null ? null : error.type(), error == null ? null : error.message()));
  }

  /** The sender thread: a batch every {@link #LINGER}, never waiting for the store's answer. */
  private void send() {
    EventStream s = java.util.Objects.requireNonNull(stream);
    List<TaskEvent> batch = new ArrayList<>(BATCH);
    while (!closed || !queued.isEmpty()) {
      TaskEvent e;
      while (batch.size() < BATCH && (e = queued.poll()) != null) {
        batch.add(e);
      }
      if (!batch.isEmpty()) {
        int n = batch.size();
        try {
          s.append(List.copyOf(batch), maxLen).whenComplete((ok, failure) -> answered(n,
              failure != null));
        } catch (RuntimeException failure) { // a store that threw instead of failing the stage
          answered(n, true);
        }
      }
      if (batch.size() < BATCH && !closed) {
        LockSupport.parkNanos(LINGER.toNanos());
      }
      batch.clear();
    }
  }

  private void answered(int n, boolean failed) {
    if (failed) {
      dropped.add(n);
    }
    room.release(n);
  }

  /**
   * Waits until every event queued so far was answered, or {@code max} passed: at close, so that
   * a short-lived process's last events are not cut off with its connection. Never on the hot
   * path.
   *
   * @return true when none is left unanswered
   */
  public boolean awaitSent(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (room.availablePermits() < MAX_IN_FLIGHT) {
      if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  /**
   * Waits up to {@code max} for queued events to be answered, then stops the sender; events
   * published afterwards are dropped. Idempotent.
   */
  public void close(Duration max) {
    if (stream == null || closed) {
      return;
    }
    awaitSent(max);
    closed = true;
    Thread t = sender;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** {@link #close(Duration)} with one second. */
  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }
}
