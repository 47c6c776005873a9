package io.taskq.worker.internal;

import io.taskq.QueueConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimedTask;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.FollowUpRunner;
import io.taskq.internal.Workflows;
import io.taskq.internal.EventPublisher;
import io.taskq.worker.OutcomeListener;
import io.taskq.config.WorkerConfig;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker without threads of its own, for tests: {@link #runUntilIdle()} claims and runs the due
 * tasks of its queues one at a time on the calling thread, through the worker's own
 * {@link TaskRunner}, {@link OutcomeRouter} and {@link AckBatcher}, so outcomes, retries, backoffs
 * and dead-lettering are those of a real worker. Nothing runs between calls: no fetcher, no
 * heartbeat, no reaper. Hard time limits are still checked on a timer thread in real time: a
 * handler past its limit is interrupted and its failure recorded before {@link #runUntilIdle()}
 * goes on. Not thread-safe: drive it from one thread.
 */
public final class InlineWorker implements AutoCloseable {
  /** Default of the guard against tasks that keep each other runnable forever. */
  public static final int DEFAULT_MAX_RUNS = 10_000;
  private static final Duration ROUTING_WAIT = Duration.ofSeconds(10);

  private final Broker broker;
  private final TaskqConfig config;
  private final Handlers handlers;
  private final Set<String> extraQueues = new LinkedHashSet<>();
  private int maxRuns = DEFAULT_MAX_RUNS;
  private final String id = WorkerIds.next();
  private final ActiveTasks active;
  private final AckBatcher acks;
  private final TaskRunner runner;
  private final Forwarder forwarder;
  private final FollowUpRunner followUps;

  /**
   * A worker serving the queues of the tasks in {@code handlers} (registered now or later) and
   * those given to {@link #serve}, with the policies of {@code config}.
   *
   * @param clock the clock of attempt timestamps (the broker's); time limits run in real time
   */
  public InlineWorker(Broker broker, TaskqConfig config, Handlers handlers, InstantSource clock,
      OutcomeListener listener) {
    this.broker = broker;
    this.config = config;
    this.handlers = handlers;
    TimeSource time = TimeSource.system().withWall(clock);
    BrokerHealth health = new BrokerHealth();
    this.active = new ActiveTasks(Map.of(), time); // runInline takes no slot
    this.acks = new AckBatcher(broker, health, time);
    WorkerRuntime rt = new WorkerRuntime(broker, // a test's outcomes are not logged
        config.withWorker(new WorkerConfig(config.worker().shutdownGrace(), false)),
        new EnvelopeCodec(config.maxPayload()), acks, active, id, time, health,
        WorkerEvents.of(listener), EventPublisher.create(broker.events(), config.events(), id,
            clock), () -> false, () -> true);
    // follow-ups are acted on in runUntilIdle's rounds, on the caller's thread
    this.followUps = new FollowUpRunner(broker, new Workflows(broker, config, rt.codec(),
        time.withZone(ZoneOffset.UTC)));
    this.runner = new TaskRunner(rt, handlers, new OutcomeRouter(rt, q -> { }),
        TaskRunner.sweepPeriod(List.copyOf(config.queues().values())));
    this.forwarder = new Forwarder(rt, List.of());
  }

  /** Attempts one {@link #runUntilIdle()} may run before it gives up (default 10,000). */
  public void maxRuns(int maxRuns) {
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be >= 1, was " + maxRuns);
    }
    this.maxRuns = maxRuns;
  }

  /** Serves {@code queue} too (tasks submitted to a queue other than their definition's). */
  public void serve(String queue) {
    extraQueues.add(QueueConfig.requireValidName(queue));
  }

  /** The queues served now: those of the registered tasks, then those given to {@link #serve}. */
  public List<String> queues() {
    Set<String> names = handlers.queues();
    names.addAll(extraQueues);
    return List.copyOf(names);
  }

  /**
   * Runs every task that is due now, including retries and countdowns that are due by the
   * broker's clock and tasks submitted by handlers meanwhile, until no queue has a runnable task.
   * Paused queues are skipped. A queue's {@code rateLimit} holds: tasks it holds back stay
   * pending until the broker's clock brings tokens. Returns how many attempts ran.
   *
   * @throws IllegalStateException after {@link #maxRuns} attempts in one call
   */
  public int runUntilIdle() {
    int runs = 0;
    boolean ranAny = true;
    while (ranAny) {
      ranAny = false;
      for (String name : queues()) {
        QueueConfig q = config.queue(name);
        if (broker.isPaused(q.name())) {
          continue;
        }
        forwarder.forward(q.name());
        if (followUps.drain(q.name()) > 0) {
          ranAny = true; // what they submitted may be in a queue this round has passed
        }
        // checked before a claim, so that no task is left claimed
        if (runs == maxRuns && broker.counts(q.name()).pending() > 0) {
          throw new IllegalStateException("tasks were still runnable after " + maxRuns
              + " attempts in one run; does a handler resubmit itself without end?");
        }
        // the queue's rate limit holds here too: what it holds back waits for the clock
        for (ClaimedTask c : broker.claim(ClaimRequest.of(q, 1, id)).tasks()) {
          runs++;
          runner.runInline(c, q);
          awaitRouted(c);
          acks.sendNow();
          ranAny = true;
        }
      }
    }
    return runs;
  }

  /**
   * A task stopped by its time limit is routed on the runner's thread: wait for it. The limit's
   * interrupt of the handler's thread (this one) may land after the handler returned; it was
   * meant for the handler and is dropped. It is delivered before the routing ends, so none is
   * left once the task is no longer held.
   */
  private void awaitRouted(ClaimedTask c) {
    boolean routed;
    while (true) {
      try {
        routed = active.awaitEmpty(ROUTING_WAIT);
        break;
      } catch (InterruptedException e) {
        // the time limit's interrupt: wait on
      }
    }
    Thread.interrupted();
    if (!routed) {
      throw new IllegalStateException("task " + c.id() + " on queue " + c.queue()
          + " was not recorded within " + ROUTING_WAIT + " after its time limit");
    }
  }

  /** The worker id its claims are made under. */
  public String id() {
    return id;
  }

  /** Stops the time-limit timer. Idempotent. */
  @Override
  public void close() {
    runner.close();
    forwarder.close();
    broker.workerGone(id);
  }
}
