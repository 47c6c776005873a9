package io.taskq.worker.internal;

import io.taskq.worker.Outcome;
import io.taskq.worker.OutcomeListener;
import java.time.Duration;
import java.util.List;

/** What the runtime reports as it goes (metrics, heartbeat file, listeners); all no-ops here. */
public interface WorkerEvents extends OutcomeListener {
  /** A handler started, {@code latency} after its task was submitted. */
  default void started(String queue, String task, Duration latency) {}

  /** A claim was lost before its outcome was recorded. */
  default void leaseLost(String queue) {}

  /** The reaper returned {@code n} tasks of crashed workers. */
  default void recovered(String queue, int n) {}

  /** A fetcher found its queue empty and waits (the worker is alive and idle). */
  default void idle(String queue) {}

  /** A handler interrupted at its hard time limit ignored the interrupt and still runs. */
  default void interruptIgnored(String queue, String task) {}

  /** A handler counted by {@link #interruptIgnored} returned at last. */
  default void stuckReturned(String queue, String task) {}

  /** The queue's rate limit or maxActive refused a claim or cut it short. */
  default void rateLimited(String queue) {}

  @Override
  default void completed(String queue, String task, Outcome outcome, Duration duration) {}

  /** All of {@code events}, in order. */
  static WorkerEvents all(List<WorkerEvents> events) {
    List<WorkerEvents> list = List.copyOf(events);
    return new WorkerEvents() {
      @Override
      public void started(String queue, String task, Duration latency) {
        list.forEach(e -> e.started(queue, task, latency));
      }

      @Override
      public void leaseLost(String queue) {
        list.forEach(e -> e.leaseLost(queue));
      }

      @Override
      public void recovered(String queue, int n) {
        list.forEach(e -> e.recovered(queue, n));
      }

      @Override
      public void idle(String queue) {
        list.forEach(e -> e.idle(queue));
      }

      @Override
      public void interruptIgnored(String queue, String task) {
        list.forEach(e -> e.interruptIgnored(queue, task));
      }

      @Override
      public void stuckReturned(String queue, String task) {
        list.forEach(e -> e.stuckReturned(queue, task));
      }

      @Override
      public void rateLimited(String queue) {
        list.forEach(e -> e.rateLimited(queue));
      }

      @Override
      public void completed(String queue, String task, Outcome outcome, Duration duration) {
        list.forEach(e -> e.completed(queue, task, outcome, duration));
      }
    };
  }

  /** A plain outcome listener as events. */
  static WorkerEvents of(OutcomeListener listener) {
    return new WorkerEvents() {
      @Override
      public void completed(String queue, String task, Outcome outcome, Duration duration) {
        listener.completed(queue, task, outcome, duration);
      }
    };
  }
}
