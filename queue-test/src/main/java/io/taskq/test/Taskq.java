package io.taskq.test;

import io.taskq.Inspector;
import io.taskq.TaskClient;
import io.taskq.TaskConsumer;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.spi.Broker;
import io.taskq.embedded.ManualClock;
import io.taskq.worker.Outcome;
import io.taskq.worker.internal.Handlers;
import io.taskq.worker.internal.InlineWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * taskq in one test: an in-memory {@link EmbeddedBroker} on a manual clock, a {@link TaskClient}
 * and an {@link Inspector} on it, and a worker that runs the registered handlers only when told,
 * on the calling thread. Nothing sleeps and nothing runs in the background:
 *
 * <ul>
 *   <li>{@link #runUntilIdle()} runs every task that is due now, including retries whose backoff
 *       has passed and tasks that handlers submit, until none is runnable;
 *   <li>{@link #advance(Duration)} moves the clock, so countdowns, ETAs and retry backoffs fall
 *       due; the next {@link #runUntilIdle()} runs them.
 * </ul>
 *
 * <p>Deterministic: submission and attempt times, countdowns, ETAs, retry backoffs (as the policy
 * computes them: a jittered backoff stays random), dead-lettering, DLQ caps and a queue's
 * {@code rateLimit} (its token bucket follows the manual clock: a task the limit holds back stays
 * pending until {@link #advance(Duration)} brings a token). Not driven by the
 * manual clock: a queue's hard time limit (checked in real time while a handler runs, so a
 * handler that blocks past it is interrupted), the worker's lease extension and reaper (there are
 * none: a task runs to its end before {@code runUntilIdle} returns) and beat schedules (not part
 * of this kit).
 *
 * <p>Get one from {@link TaskqTest} or with {@link #create}; close it after the test. Not
 * thread-safe: drive it from the test's thread.
 */
public final class Taskq implements AutoCloseable {
  /** Where the clock starts: 2030-01-01T00:00:00Z. */
  public static final Instant START = ManualClock.START;

  private final ManualClock clock = new ManualClock(START);
  private final EmbeddedBroker broker = new EmbeddedBroker(clock);
  private final Handlers handlers = new Handlers();
  private final Map<String, LongAdder> succeeded = new ConcurrentHashMap<>();
  private final TaskClient client;
  private final Inspector inspector;
  private final InlineWorker worker;

  private Taskq(TaskqConfig config) {
    this.client = new DefaultTaskClient(broker, config, clock);
    this.inspector = Inspector.create(broker, config);
    this.worker = new InlineWorker(broker, config, handlers, clock, (queue, task, outcome, d) -> {
      if (outcome == Outcome.SUCCESS) {
        succeeded.computeIfAbsent(queue, q -> new LongAdder()).increment();
      }
    });
  }

  /** A harness with the default configuration that runs the tasks of {@code modules}. */
  public static Taskq create(TaskModule... modules) {
    return create(TaskqConfig.DEFAULT, modules);
  }

  /**
   * A harness whose queue policies (retries, DLQ caps, time limits) and payload limits come from
   * {@code config}; its Redis settings are not used.
   */
  public static Taskq create(TaskqConfig config, TaskModule... modules) {
    Taskq taskq = new Taskq(config);
    for (TaskModule m : modules) {
      taskq.module(m);
    }
    return taskq;
  }

  /**
   * Registers the tasks of a module; its queues are served from now on.
   *
   * @return this harness
   * @throws io.taskq.ConfigException when a task name is already registered
   */
  public Taskq module(TaskModule module) {
    handlers.module(module);
    return this;
  }

  /**
   * Registers one handler, as a {@link TaskModule} would.
   *
   * @return this harness
   * @throws io.taskq.ConfigException when the task name is already registered
   */
  public <P> Taskq register(TaskDefinition<P> definition, TaskHandler<P> handler) {
    handlers.register(definition, handler);
    return this;
  }

  /**
   * Registers the handler of a task with a declared result type, as a {@link TaskModule} would.
   *
   * @return this harness
   * @throws io.taskq.ConfigException when the task name is already registered
   */
  public <P, R> Taskq register(TaskDefinition.Returning<P, R> task, TaskHandler<P> handler) {
    return register(task.definition(), handler);
  }

  /**
   * Registers work that returns nothing, as a {@link TaskModule} would.
   *
   * @return this harness
   * @throws io.taskq.ConfigException when the task name is already registered
   */
  public <P> Taskq register(TaskDefinition<P> definition, TaskConsumer<P> work) {
    handlers.register(definition, work);
    return this;
  }

  /** The client submitting to this harness's broker. Closing it is not needed. */
  public TaskClient client() {
    return client;
  }

  /** The inspector of this harness's broker: queues, tasks per state, DLQ replay, purge. */
  public Inspector inspector() {
    return inspector;
  }

  /** A client whose submissions run at once ({@link EagerTaskClient}), on this harness. */
  public EagerTaskClient eagerClient() {
    return new EagerTaskClient(this, false);
  }

  /** The in-memory broker, for code under test that takes a {@link Broker}. */
  public Broker broker() {
    return broker;
  }

  /** The manual clock's time: {@link #START} plus every {@link #advance}. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Moves the clock forward; countdowns, ETAs and retry backoffs that end by then become due,
   * and {@link #runUntilIdle()} runs them. Runs nothing itself.
   *
   * @return this harness
   * @throws IllegalArgumentException when {@code duration} is negative
   */
  public Taskq advance(Duration duration) {
    clock.advance(duration);
    return this;
  }

  /**
   * Runs every task that is due now, in every queue that ever received one, one at a time on this thread,
   * including retries whose backoff has passed and tasks handlers submit meanwhile, until none is
   * runnable; tasks not yet due stay. Paused queues are skipped. A task whose name no module
   * registered is dead-lettered, as by a worker that serves its queue.
   *
   * @return how many attempts ran
   * @throws IllegalStateException after {@link #maxRunsPerCall} attempts in one call (10,000
   *     unless set; a task resubmitting itself without end)
   */
  public int runUntilIdle() {
    inspector.queues().forEach(worker::serve); // also queues given in TaskOptions at submit
    return worker.runUntilIdle();
  }

  /**
   * Sets how many attempts one {@link #runUntilIdle()} may run before it gives up with an
   * {@link IllegalStateException}. Default 10,000.
   *
   * @return this harness
   * @throws IllegalArgumentException when {@code maxRuns} is below 1
   */
  public Taskq maxRunsPerCall(int maxRuns) {
    worker.maxRuns(maxRuns);
    return this;
  }

  /** How many attempts on {@code queue} succeeded since this harness was created. */
  public long succeeded(String queue) {
    LongAdder n = succeeded.get(queue);
    return n == null ? 0 : n.sum();
  }

  /** Stops the worker's timer; the broker's state is dropped with this object. Idempotent. */
  @Override
  public void close() {
    worker.close();
    broker.close();
  }

  @Override
  public String toString() {
    return "Taskq[now=" + now() + ", queues=" + worker.queues() + "]";
  }
}
