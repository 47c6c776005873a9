package io.taskq.worker.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskq.QueueShards;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.spi.QueueCounts;
import io.taskq.worker.MetricNames;
import io.taskq.worker.Outcome;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The worker's metrics on a Micrometer registry; names from {@link MetricNames}. The
 * {@code queue} tag names the queue, never a shard: the shards of a sharded queue are counted
 * as one, and its depth and lag gauges cover all of them.
 *
 * <p>Micrometer holds a gauge's state object weakly: a state that only the gauge references is
 * collected at the next GC and the gauge reads NaN from then on. Every gauge here is therefore
 * registered with {@code strongReference(true)}: its state must live as long as the registry.
 */
public final class MeteredEvents implements WorkerEvents {
  private final MeterRegistry registry;
  private final QueueSnapshots snapshots;
  private final Map<TaskKey, TaskMeters> byTask = new ConcurrentHashMap<>();
  private final AtomicInteger stuck = new AtomicInteger();
  private final Map<String, String> tags = new ConcurrentHashMap<>();

  /** @param time the source of the queue figures' cache age */
  public MeteredEvents(MeterRegistry registry, Broker broker, EnvelopeCodec codec,
      List<String> queues, ActiveTasks active, TimeSource time) {
    this.registry = registry;
    this.snapshots = new QueueSnapshots(broker, codec, time);
    Gauge.builder(MetricNames.WORKER_INFLIGHT, active, ActiveTasks::size).strongReference(true)
        .description("Tasks this worker holds (claimed or running)").register(registry);
    Gauge.builder(MetricNames.WORKER_CAPACITY, active, ActiveTasks::capacity)
        .strongReference(true)
        .description("Tasks this worker may hold at once").register(registry);
    Gauge.builder(MetricNames.WORKER_STUCK, stuck, AtomicInteger::get).strongReference(true)
        .description("Handler threads that ignored the interrupt at their hard time limit and"
            + " still run").register(registry);
    for (String q : new LinkedHashSet<>(queues.stream().map(QueueShards::logical).toList())) {
      depth(q, "pending", QueueCounts::pending);
      depth(q, "active", QueueCounts::active);
      depth(q, "scheduled", QueueCounts::scheduled);
      depth(q, "retry", QueueCounts::retry);
      depth(q, "dead", QueueCounts::dead);
      Gauge.builder(MetricNames.DLQ_SIZE, snapshots, s -> s.of(q).counts().dead())
          .strongReference(true).description("Tasks in the dead-letter queue").tag("queue", q).register(registry);
      Gauge.builder(MetricNames.QUEUE_LAG, snapshots, s -> s.of(q).lagSeconds())
          .strongReference(true).description("Age of the oldest pending task").baseUnit("seconds").tag("queue", q)
          .register(registry);
    }
  }

  /** The {@code queue} tag of a physical queue: its queue's own name, for shards too. */
  private String tag(String queue) {
    return tags.computeIfAbsent(queue, QueueShards::logical);
  }

  private void depth(String queue, String state, ToLongFunction<QueueCounts> count) {
    Gauge.builder(MetricNames.QUEUE_DEPTH, snapshots,
            s -> count.applyAsLong(s.of(queue).counts()))
        .strongReference(true).description("Tasks of the queue per state").tags("queue", queue, "state", state)
        .register(registry);
  }

  @Override
  public void started(String queue, String task, Duration latency) {
    TaskMeters m = meters(tag(queue), task);
    m.started().increment();
    m.latency().record(latency.isNegative() ? Duration.ZERO : latency);
  }

  @Override
  public void completed(String shard, String task, Outcome outcome, Duration duration) {
    String queue = tag(shard);
    TaskMeters m = meters(queue, task);
    m.completed().computeIfAbsent(outcome, o -> Counter.builder(MetricNames.TASKS_COMPLETED)
        .description("Finished attempts by outcome")
        .tags("queue", queue, "task", task, "outcome", o.tag()).register(registry)).increment();
    if (outcome == Outcome.REVOKED || outcome == Outcome.EXPIRED) {
      boolean revoked = outcome == Outcome.REVOKED;
      Counter.builder(revoked ? MetricNames.TASKS_REVOKED : MetricNames.TASKS_EXPIRED)
          .description(revoked ? "Tasks ended revoked" : "Tasks claimed after their expiry")
          .tags("queue", queue, "task", task).register(registry).increment();
    }
    // no run time for a task that never ran
    if (outcome != Outcome.REJECTED && outcome != Outcome.EXPIRED
        && !(outcome == Outcome.REVOKED && duration.isZero())) {
      m.duration().record(duration);
    }
  }

  /** The meters of one task name on one queue, looked up once instead of on every event. */
  private record TaskMeters(Counter started, Timer latency, Timer duration,
      Map<Outcome, Counter> completed) {}

  private record TaskKey(String queue, String task) {}

  private TaskMeters meters(String queue, String task) {
    return byTask.computeIfAbsent(new TaskKey(queue, task), k -> new TaskMeters(
        Counter.builder(MetricNames.TASKS_STARTED).description("Tasks whose handler started")
            .tags("queue", queue, "task", task).register(registry),
        Timer.builder(MetricNames.TASK_LATENCY).description("From submission to handler start")
            .tags("queue", queue, "task", task).publishPercentileHistogram().register(registry),
        Timer.builder(MetricNames.TASK_DURATION).description("Handler run time")
            .tags("queue", queue, "task", task).publishPercentileHistogram().register(registry),
        new ConcurrentHashMap<>()));
  }

  @Override
  public void leaseLost(String queue) {
    Counter.builder(MetricNames.LEASE_LOST)
        .description("Claims lost before their outcome was recorded").tag("queue", tag(queue))
        .register(registry).increment();
  }

  @Override
  public void interruptIgnored(String queue, String task) {
    stuck.incrementAndGet();
    Counter.builder(MetricNames.TASKS_INTERRUPT_IGNORED)
        .description("Handler threads that ignored the interrupt at their hard time limit")
        .tags("queue", tag(queue), "task", task).register(registry).increment();
  }

  @Override
  public void stuckReturned(String queue, String task) {
    stuck.decrementAndGet();
  }

  @Override
  public void rateLimited(String queue) {
    Counter.builder(MetricNames.RATELIMIT_WAITS)
        .description("Claims refused or cut short by the queue's rate limit or maxActive")
        .tag("queue", tag(queue)).register(registry).increment();
  }

  @Override
  public void recovered(String queue, int n) {
    Counter.builder(MetricNames.LEASE_RECOVERED)
        .description("Tasks returned from crashed workers").tag("queue", tag(queue))
        .register(registry).increment(n);
  }
}
