package io.taskq.worker;

import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import io.taskq.TaskConsumer;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskInterceptor;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.EventPublisher;
import io.taskq.internal.PhysicalQueues;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.internal.Handlers;
import io.taskq.worker.internal.ShutdownHook;
import io.taskq.worker.internal.WorkerComponents;
import io.taskq.worker.internal.WorkerIds;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: claims tasks from its queues and runs their handlers, at most {@code concurrency}
 * tasks per queue at once, each on a virtual thread. Composed of a fetcher per queue, a task
 * runner, a heartbeater (leases), a lease reaper (tasks of dead workers), a forwarder (due delayed
 * work) and an ack batcher, which all read time from one {@link TimeSource}.
 *
 * <pre>{@code
 * try (Worker worker = Worker.builder().config(config).queues("email").module(new EmailTasks())
 *     .build()) {
 *   worker.closeOnShutdown().start();
 *   worker.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is the graceful shutdown of the design and is idempotent.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration IDLE_CHECK = Duration.ofMillis(20);

  private enum Phase { NEW, RUNNING, STOPPING, STOPPED }

  private final String id;
  private final Broker broker;
  private final boolean ownsBroker;
  private final TaskqConfig config;
  private final List<QueueConfig> queues;
  private final Handlers handlers;
  private final WorkerComponents components;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Phase phase = Phase.NEW;
  private volatile @Nullable ShutdownHook shutdownHook;

  private Worker(Builder b, Broker broker, List<QueueConfig> queues) {
    this.id = b.workerId != null ? b.workerId : WorkerIds.next();
    this.broker = broker;
    this.ownsBroker = b.broker == null;
    this.config = b.config;
    this.queues = queues;
    this.handlers = b.handlers;
    TimeSource time = b.clock != null ? b.time.withWall(b.clock) : b.time;
    this.components = new WorkerComponents(new WorkerComponents.Settings(id, broker, config,
        queues, handlers, time, b.listener, b.meterRegistry, b.heartbeatFile,
        EventPublisher.create(broker.events(), config.events(), id, time)),
        this::isShuttingDown);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts claiming and running tasks; returns at once. */
  public synchronized Worker start() {
    if (phase != Phase.NEW) {
      throw new IllegalStateException("worker " + id + " was already started");
    }
    phase = Phase.RUNNING;
    components.start();
    log.info("Worker {} started on queues {} (concurrency {}, tasks {})", id,
        queues.stream().map(q -> q.name() + "=" + q.concurrency()).toList(),
        capacity(), handlers.all().keySet());
    warnAboutServer();
    return this;
  }

  private void warnAboutServer() {
    try {
      broker.serverWarnings().forEach(w -> log.warn("{}", w));
    } catch (RuntimeException e) {
      log.debug("Could not read the broker's settings at start: {}", e.getMessage());
    }
  }

  /**
   * Starts if needed, runs until every pending task of the worker's queues is done and the worker
   * holds none, then shuts down. Tasks not yet due (countdown, ETA, retry backoff) stay for later;
   * paused queues are skipped.
   */
  public void runUntilIdle() {
    if (phase == Phase.NEW) {
      start();
    }
    try {
      while (phase == Phase.RUNNING && !components.isIdle()) {
        Thread.sleep(IDLE_CHECK);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /**
   * Closes this worker gracefully when the JVM is asked to stop, for a worker embedded in an
   * application. On the first SIGTERM or SIGINT the worker {@linkplain #close() closes} (running
   * tasks get {@code worker.shutdownGrace}, unfinished ones return to their queue, the worker
   * leaves the registry), then the JVM exits with status 0 through {@link System#exit(int)},
   * which runs the application's other shutdown hooks after the worker is closed. Any other JVM
   * exit (a {@code System.exit} elsewhere, SIGHUP) closes the worker from a shutdown hook.
   *
   * <p>Without it, SIGTERM ends the JVM with status 143 and no graceful close, and the worker
   * shows as alive until its registration expires. This replaces the JVM's handling of SIGTERM
   * and SIGINT for the whole process (status 0 instead of 143 and 130); several workers in one
   * process all close, each through its hook. Call before or after {@link #start()}; calling it
   * again does nothing.
   *
   * @return this worker
   */
  public synchronized Worker closeOnShutdown() {
    if (shutdownHook == null) {
      shutdownHook = ShutdownHook.install(this::close);
    }
    return this;
  }

  /** Waits until {@link #close()} finished. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Waits until {@link #close()} finished, at most {@code max}; true if it did. */
  public boolean awaitTermination(Duration max) throws InterruptedException {
    return stopped.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Graceful shutdown, in this order: stop claiming; readiness off; return claimed tasks whose
   * handler has not started; let running tasks finish within {@code worker.shutdownGrace} (of the
   * worker's {@link TimeSource}) while their leases are still extended; flush acks; interrupt what
   * is left and return it to the head of pending; stop the background components; leave the
   * worker registry; close the broker last (when the worker opened it). Idempotent; later calls
   * wait for the first to finish.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (phase == Phase.STOPPING || phase == Phase.STOPPED) {
        awaitStoppedQuietly();
        return;
      }
      boolean started = phase == Phase.RUNNING;
      phase = Phase.STOPPING;
      if (!started) {
        finish();
        return;
      }
    }
    log.info("Worker {} stopping: {} task(s) running, grace {}", id, activeCount(),
        config.worker().shutdownGrace());
    components.shutdown(config.worker().shutdownGrace());
    try {
      broker.workerGone(id);
    } catch (RuntimeException e) {
      log.debug("Could not remove worker {} from the registry; its entry expires", id, e);
    }
    finish();
    log.info("Worker {} stopped", id);
  }

  private void finish() {
    if (ownsBroker) {
      broker.close();
    }
    phase = Phase.STOPPED;
    stopped.countDown();
    ShutdownHook hook = shutdownHook;
    if (hook != null) {
      hook.forget(); // a closed worker needs no hook
    }
  }

  private void awaitStoppedQuietly() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The worker's id, unique per process start: {@code host-pid-random}. */
  public String id() {
    return id;
  }

  /** True while the worker claims work and the broker answers (readiness). */
  public boolean isReady() {
    return phase == Phase.RUNNING && components.health().isUp();
  }

  /** True while the last broker call succeeded. */
  public boolean isBrokerUp() {
    return components.health().isUp();
  }

  /** Tasks this worker may hold at once (the sum of its queues' concurrency). */
  public int capacity() {
    return components.active().capacity();
  }

  /** True from {@link #close()} on: the worker no longer claims. */
  public boolean isStopping() {
    return phase == Phase.STOPPING || phase == Phase.STOPPED;
  }

  /** Tasks held right now (claimed or running). */
  public int activeCount() {
    return components.active().size();
  }

  /** The queues this worker serves, with their policies. */
  public List<QueueConfig> queues() {
    return queues;
  }

  private boolean isShuttingDown() {
    return phase != Phase.RUNNING;
  }

  @Override
  public String toString() {
    return "Worker[" + id + "]";
  }

  /** Builds a {@link Worker}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Broker broker;
    private TaskqConfig config = TaskqConfig.DEFAULT;
    private final Set<String> queueNames = new LinkedHashSet<>();
    private int concurrency;
    private int prefetch = -2; // none given: each queue's
    private final Handlers handlers = new Handlers();
    private TimeSource time = TimeSource.system();
    private @Nullable InstantSource clock;
    private @Nullable String workerId;
    private OutcomeListener listener = OutcomeListener.NONE;
    private @Nullable MeterRegistry meterRegistry;
    private @Nullable Path heartbeatFile;

    private Builder() {}

    /** The broker to use; the caller keeps it and closes it. Default: one opened from config. */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /** Queue policies, worker settings and (without {@link #broker}) how to reach Redis. */
    public Builder config(TaskqConfig config) {
      this.config = config;
      return this;
    }

    /** Queues to serve. Default: the queues of the registered tasks. */
    public Builder queues(String... names) {
      for (String n : names) {
        queueNames.add(QueueConfig.requireValidName(n));
      }
      return this;
    }

    /** Queues to serve. */
    public Builder queues(List<String> names) {
      return queues(names.toArray(String[]::new));
    }

    /** Tasks per queue run at once, overriding each queue's {@code concurrency}. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Tasks per queue claimed beyond the free slots (reserved until a slot frees), overriding
     * each queue's {@code prefetch}; 0 claims for free slots only.
     */
    public Builder prefetch(int prefetch) {
      if (prefetch < 0) {
        throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
      }
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Registers the tasks of a module.
     *
     * @throws io.taskq.ConfigException when a task name is already registered (naming both
     *     modules and their jars)
     */
    public Builder module(TaskModule module) {
      handlers.module(module);
      return this;
    }

    /**
     * Adds a {@link TaskInterceptor} around every handler call; interceptors (these and those of
     * modules) run in the order they were added, the first outermost.
     */
    public Builder interceptor(TaskInterceptor interceptor) {
      handlers.intercept(interceptor);
      return this;
    }

    /** Registers the tasks of every {@link TaskModule} found with {@link ServiceLoader}. */
    public Builder modulesFromServiceLoader() {
      ServiceLoader.load(TaskModule.class).forEach(this::module);
      return this;
    }

    /** Registers one task. */
    public <P> Builder register(TaskDefinition<P> definition, TaskHandler<P> handler) {
      handlers.register(definition, handler);
      return this;
    }

    /** Registers one task with a declared result type; its handler's value is the result. */
    public <P, R> Builder register(TaskDefinition.Returning<P, R> task, TaskHandler<P> handler) {
      return register(task.definition(), handler);
    }

    /** Registers one task whose work returns nothing (see {@link TaskConsumer}). */
    public <P> Builder register(TaskDefinition<P> definition, TaskConsumer<P> work) {
      handlers.register(definition, work);
      return this;
    }

    /**
     * Clock of attempt timestamps (tests): replaces the wall-clock time of the
     * {@link #timeSource} only; time limits and the shutdown grace keep its monotonic time.
     */
    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Where every component of the worker reads time (default {@link TimeSource#system()}); with
     * {@link TimeSource#of} a manual clock, tests move time limits, the shutdown grace, mark delays
     * and attempt timestamps instead of waiting for them.
     */
    public Builder timeSource(TimeSource time) {
      this.time = time;
      return this;
    }

    /** The worker id. Default: {@code host-pid-random}. */
    public Builder workerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /** Publishes the worker's metrics ({@link MetricNames}) on this registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** Touches this file at start, after each successful task and each idle poll (≤ 1/s). */
    public Builder heartbeatFile(Path path) {
      this.heartbeatFile = path;
      return this;
    }

    /** Told about every task outcome. */
    public Builder listener(OutcomeListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Builds the worker; opens the broker from the configuration when none was given.
     *
     * @throws IllegalStateException when there is no queue to serve
     * @throws io.taskq.ConfigException when the broker URL is not supported
     */
    public Worker build() {
      Set<String> names = queueNames.isEmpty() ? handlers.queues() : queueNames;
      if (names.isEmpty()) {
        throw new IllegalStateException("a worker needs at least one queue: give queues(...) or"
            + " register tasks");
      }
      Broker b = broker != null ? broker : BrokerFactory.open(config.redis());
      List<QueueConfig> queues = names.stream().map(config::queue)
          .map(q -> concurrency > 0 ? q.toBuilder().concurrency(concurrency).build() : q)
          .map(q -> prefetch >= 0 ? q.toBuilder().prefetch(prefetch).build() : q)
          .flatMap(q -> physical(b, q).stream()).toList();
      return new Worker(this, b, queues);
    }

    /**
     * The physical queues a worker of {@code queue} serves: its shards, plus shards left over
     * from a larger {@code shards} setting (found in the registry of queues) while they may still
     * hold tasks; they share the queue's concurrency.
     */
    private List<QueueConfig> physical(Broker b, QueueConfig queue) {
      java.util.Set<String> registry;
      try {
        registry = b.queues();
      } catch (io.taskq.TaskqException e) {
        log.debug("Could not read the registry of queues for leftover shards of {}: {}",
            queue.name(), e.getMessage());
        return queue.physical();
      }
      List<QueueConfig> out = new java.util.ArrayList<>(queue.physical());
      for (String name : PhysicalQueues.of(config.withQueue(queue), queue.name(), registry)) {
        if (out.stream().noneMatch(q -> q.name().equals(name))) {
          out.add(QueueShards.isShard(name) ? queue.shard(QueueShards.index(name))
              : queue.toBuilder().shards(1).maxActive(queue.shard(0).maxActive())
                  .rateLimit(queue.shard(0).rateLimit()).build());
          log.info("Queue {} has {} shard(s) but {} is known from an earlier setting: this"
              + " worker drains it too ('taskq queue forget {}' once it is empty)", queue.name(),
              queue.shards(), name, name);
        }
      }
      return out;
    }
  }
}
