package io.taskq.bench;

import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.bench.BenchTasks.Noop;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * One scenario's connection to the broker and its queues (usually one), emptied when opened and
 * when closed. Workers log no per-task lines, as in production benchmarks.
 */
final class BenchRun implements AutoCloseable {
  private static final List<TaskState> PURGEABLE =
      List.of(TaskState.PENDING, TaskState.SCHEDULED, TaskState.RETRY, TaskState.DEAD);
  private static final Noop NOOP = new Noop();

  private final List<String> queues;
  private final int concurrency;
  private final TaskqConfig config;
  private final Broker broker;
  private final TaskClient client;
  private final Inspector inspector;

  private BenchRun(TaskqConfig base, List<String> queues, int concurrency) {
    this.queues = List.copyOf(queues);
    this.concurrency = concurrency;
    TaskqConfig c = base.withWorker(new WorkerConfig(base.worker().shutdownGrace(), false));
    for (String queue : queues) {
      c = c.withQueue(c.queue(queue).toBuilder().concurrency(concurrency).build());
    }
    this.config = c;
    this.broker = BrokerFactory.open(config.redis());
    this.client = TaskClient.create(broker, config);
    this.inspector = Inspector.create(broker, config);
  }

  /** Opens the broker and empties {@code queue}; workers run {@code concurrency} tasks at once. */
  static BenchRun open(TaskqConfig config, String queue, int concurrency) {
    return open(config, List.of(queue), concurrency);
  }

  /**
   * Opens the broker and empties {@code queues}; workers run {@code concurrency} tasks at once on
   * each.
   */
  static BenchRun open(TaskqConfig config, List<String> queues, int concurrency) {
    queues.forEach(QueueConfig::requireValidName);
    BenchRun run = new BenchRun(config, queues, concurrency);
    try {
      run.clean();
    } catch (RuntimeException e) {
      run.broker.close();
      throw e;
    }
    return run;
  }

  /** The first queue (the only one, unless opened with several). */
  String queue() {
    return queues.getFirst();
  }

  List<String> queues() {
    return queues;
  }

  TaskClient client() {
    return client;
  }

  Broker broker() {
    return broker;
  }

  Inspector inspector() {
    return inspector;
  }

  TaskqConfig config() {
    return config;
  }

  /** Deletes every task of the queues that is not active. */
  void clean() {
    queues.forEach(q -> PURGEABLE.forEach(s -> inspector.purge(q, s)));
  }

  long pending() {
    return queues.stream().mapToLong(q -> inspector.stats(q).pending()).sum();
  }

  /** Tasks acked on the queues since they began (their {@code processed} counters). */
  long processed() {
    return queues.stream().mapToLong(q -> inspector.stats(q).processed()).sum();
  }

  /** Submits {@code n} no-op tasks with {@code submitAll} in chunks of {@code bulk}. */
  void fill(TaskDefinition<Noop> task, long n, int bulk) {
    fill(task, n, bulk, 0);
  }

  /**
   * Submits {@code n} no-op tasks with {@code submitAll} in chunks of {@code bulk}, the chunks
   * spread over the queues in turn; with {@code levels} > 0 the chunks take priorities 0 to
   * {@code levels - 1} in turn.
   */
  void fill(TaskDefinition<Noop> task, long n, int bulk, int levels) {
    List<Noop> chunk = Collections.nCopies(bulk, NOOP);
    long k = 0;
    for (long sent = 0; sent < n; sent += bulk, k++) {
      TaskOptions.Builder b = TaskOptions.builder();
      if (queues.size() > 1) {
        b.queue(queues.get((int) (k % queues.size())));
      }
      TaskOptions o = levels > 0 ? b.priority((int) (k % levels)).build() : b.build();
      client.submitAll(task, chunk.subList(0, (int) Math.min(bulk, n - sent)), o);
    }
  }

  /** A worker on the queue with this run's settings; register the handlers and build it. */
  Worker.Builder worker() {
    return Worker.builder().broker(broker).config(config).queues(queues)
        .concurrency(concurrency);
  }

  /**
   * Runs {@code n} no-op tasks through submit, claim and ack so the JIT has compiled the hot path
   * before anything is measured, then empties the queue.
   */
  void warmUp(int n) {
    if (n <= 0) {
      return;
    }
    TaskDefinition<Noop> task = BenchTasks.noop(queue());
    for (int i = 0; i < Math.min(n, 200); i++) {
      client.submit(task, NOOP);
    }
    fill(task, n, Math.min(n, 1000));
    worker().register(task, (p, ctx) -> null).build().runUntilIdle();
    clean();
  }

  /** How long to wait for {@code n} tasks: generous, so only a stuck run times out. */
  static Duration timeoutFor(long n) {
    return Duration.ofSeconds(60 + n / 200);
  }

  @Override
  public void close() {
    try {
      clean();
      queues.forEach(inspector::forget); // a bench queue is not one of the deployment's
    } finally {
      client.close();
      broker.close();
    }
  }
}
