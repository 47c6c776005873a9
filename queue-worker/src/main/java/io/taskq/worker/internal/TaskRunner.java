package io.taskq.worker.internal;

import io.taskq.PayloadException;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.SoftTimeLimitExceededException;
import io.taskq.TaskError;
import io.taskq.TaskHandler;
import io.taskq.TaskState;
import io.taskq.TimeLimitExceededException;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.RevokeSignal;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.EventPublisher;
import io.taskq.spi.TaskEvent;
import io.taskq.internal.TaskEnvelope;
import io.taskq.worker.TimeSource;
import io.taskq.worker.internal.Handlers.Registration;
import io.taskq.worker.internal.RunningTask.State;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tasks, each on its own virtual thread: decodes the envelope, finds the handler,
 * binds the arguments, calls the handler under its soft and hard time limits (the task's own, else
 * its queue's), and hands the outcome to the {@link OutcomeRouter}. Whoever ends a task first
 * (handler, time limit, lost lease, shutdown) routes it; the others do nothing.
 */
public final class TaskRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final EnvelopeCodec codec;
  private final Handlers handlers;
  private final ActiveTasks active;
  private final OutcomeRouter router;
  private final AckBatcher acks;
  private final TimeSource clock;
  private final BooleanSupplier shuttingDown;
  private final WorkerEvents events;
  private final EventPublisher taskEvents;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("taskq-task-", 0).factory());
  private final IgnoredInterrupts ignored;
  private final TimeLimitSweep sweep;

  /**
   * @param sweep how often running tasks are checked against their time limits at first; a task
   *     is stopped at most this long after its limit (see {@link #sweepPeriod}); a task with a
   *     shorter limit of its own makes the checks more frequent
   */
  public TaskRunner(WorkerRuntime rt, Handlers handlers, OutcomeRouter router, Duration sweep) {
    this.codec = rt.codec();
    this.handlers = handlers;
    this.active = rt.active();
    this.router = router;
    this.acks = rt.acks();
    this.clock = rt.time();
    this.shuttingDown = rt.shuttingDown();
    this.events = rt.events();
    this.taskEvents = rt.taskEvents();
    this.ignored = new IgnoredInterrupts(events, clock);
    this.sweep = new TimeLimitSweep(() -> active.isEmpty() ? List.of() : active.all(),
        ignored::check, clock, sweep);
    this.sweep.start();
  }

  /**
   * How often to check time limits: a twentieth of the shortest limit (hard or soft), between
   * 10 ms and 1 s.
   */
  public static Duration sweepPeriod(List<QueueConfig> queues) {
    return TimeLimitSweep.periodFor(queues);
  }

  /**
   * Takes a claimed task (its slot already taken) and starts it when a run slot of its queue is
   * free, else keeps it reserved (prefetched) until one frees.
   */
  public void run(ClaimedTask claim, QueueConfig queue) {
    active.admit(new RunningTask(claim, queue, clock), this::start, this::giveBack);
  }

  private void start(RunningTask t) {
    executor.execute(() -> execute(t));
  }

  /** Returns a reserved task to the head of pending, on a thread of its own. */
  private void giveBack(RunningTask t) {
    executor.execute(() -> {
      if (t.end(State.CLAIMED, State.ABANDONED)) {
        router.requeue(t);
      }
    });
  }

  /**
   * Runs a claimed task on the calling thread and returns once its outcome is routed (a success's
   * ack is queued on the {@link AckBatcher}), for {@link InlineWorker}.
   */
  public void runInline(ClaimedTask claim, QueueConfig queue) {
    RunningTask t = new RunningTask(claim, queue, clock);
    active.add(t);
    execute(t);
  }

  private void execute(RunningTask t) {
    if (Quarantine.mustRunAlone(t)) {
      log.warn("Task {} on queue {} was recovered from {} crashed worker(s), the last its queue"
          + " allows; it runs alone on this worker so that another crash is charged to it only",
          t.id(), t.claim().queue(), t.claim().crashRecoveries());
    }
    Quarantine.Turn turn;
    try {
      turn = active.awaitTurn(t);
    } catch (InterruptedException e) {
      active.releaseRun(t);
      return; // the worker is closing; shutdown returns unstarted tasks
    }
    if (turn == Quarantine.Turn.GIVE_BACK && t.end(State.CLAIMED, State.ABANDONED)) {
      router.requeue(t); // a task on its last crash recovery runs alone here: hold nothing else
    }
    if (turn != Quarantine.Turn.RUN) {
      active.turnUnused(t);
      active.releaseRun(t);
      return;
    }
    if (!t.start()) {
      active.turnUnused(t);
      active.releaseRun(t); // its ender may have freed its slot before it took a run slot
      return; // returned to pending by shutdown or lost its lease before it started
    }
    ClaimedTask claim = t.claim();
    TaskEnvelope env;
    try {
      if (claim.envelope() == null) {
        throw new PayloadException("the stored task has no envelope", claim.queue(), t.id(), null);
      }
      env = codec.decode(claim.envelope());
    } catch (PayloadException e) {
      if (t.end(State.RUNNING, State.FINISHED)) {
        if (t.isRevoked()) {
          router.endUnrun(t, null, TaskState.REVOKED, null, null);
        } else {
          router.rejected(t, null, e.getMessage());
        }
      }
      return;
    }
    if (endsUnrun(t, env)) {
      return;
    }
    try (TaskMdc mdc = TaskMdc.put(claim.queue(), env.task(), env.id(), env.attempt(),
        env.correlationId())) {
      Registration<?> reg = handlers.find(env.task()).orElse(null);
      if (reg == null) {
        if (t.end(State.RUNNING, State.FINISHED)) {
          router.rejected(t, env, "no handler for task '" + env.task() + "' on this worker;"
              + " deploy a worker that registers it, then replay the task");
        }
        return;
      }
      call(t, env, reg);
    }
  }

  /**
   * Ends a revoked task, or one past its expiry as it starts (on the broker's clock: the claim's
   * time plus the time it waited reserved here), without running it; false when it may run. No
   * broker call unless it ends.
   */
  private boolean endsUnrun(RunningTask t, TaskEnvelope env) {
    Instant now = t.brokerNow();
    TaskState state = t.isRevoked() ? TaskState.REVOKED
        : env.controls().expiredAt(now) ? TaskState.EXPIRED : null;
    if (state == null) {
      return false;
    }
    if (t.end(State.RUNNING, State.FINISHED)) {
      // a revoked task keeps the error of its last failed attempt, if any
      router.endUnrun(t, env, state, state == TaskState.REVOKED ? env.lastError()
          : TaskError.reason("Expired", "claimed at " + t.claim().claimedAt()
              + (Duration.between(t.claim().claimedAt(), now).toMillis() < 1 ? ""
                  : ", reserved until " + now)
              + ", after its expiry at " + env.controls().expiresAt()), null);
    }
    return true;
  }

  /**
   * A revoke of a task this worker holds (see {@code Broker.watchRevokes}): one not yet started
   * ends REVOKED without running; a running one is interrupted and ends REVOKED when
   * {@code terminate}, else it finishes but is not retried.
   */
  public void revoked(RevokeSignal signal) {
    RunningTask t = active.byToken(signal.lease().token());
    if (t == null || !t.id().equals(signal.lease().id())) {
      return; // already ended here
    }
    t.markRevoked();
    boolean unstarted = t.end(State.CLAIMED, State.REVOKED);
    if (!unstarted && !(signal.terminate() && t.end(State.RUNNING, State.REVOKED))) {
      return;
    }
    t.cancelTimeLimit();
    t.interrupt();
    Instant startedAt = t.startedAt();
    executor.execute(() -> {
      TaskEnvelope env = t.envelope() != null ? t.envelope() : decodeOrNull(t.claim());
      log.info("Task {} on queue {} revoked{}", t.id(), t.claim().queue(),
          unstarted ? " before it started" : "; its handler was interrupted");
      router.endUnrun(t, env, TaskState.REVOKED, unstarted ? null
          : TaskError.reason("Revoked", "terminated by a revoke while running"),
          unstarted ? null : startedAt);
    });
  }

  private @Nullable TaskEnvelope decodeOrNull(ClaimedTask claim) {
    try {
      return claim.envelope() == null ? null : codec.decode(claim.envelope());
    } catch (PayloadException e) {
      return null;
    }
  }

  private <P> void call(RunningTask t, TaskEnvelope env, Registration<P> reg) {
    P payload;
    try {
      payload = codec.decodeArgs(env.args(), reg.definition().payloadType(), env.queue(),
          env.task(), env.id());
    } catch (PayloadException e) {
      if (t.end(State.RUNNING, State.FINISHED)) {
        router.rejected(t, env, e.getMessage());
      }
      return;
    }
    RetryPolicy policy = reg.definition().retry() != null
        ? reg.definition().retry() : t.queue().retry();
    Instant startedAt = clock.instant();
    t.running(env, startedAt);
    acks.started(t.claim().queue(), t.ref());
    events.started(t.claim().queue(), env.task(), java.time.Duration.between(env.createdAt(),
        startedAt));
    taskEvents.publish(TaskEvent.Type.STARTED, t.claim().queue(), env.task(), env.id(),
        env.attempt(), null);
    Duration hard = hardLimit(t, env);
    Duration soft = softLimit(t, env, hard);
    t.armTimeLimit(hard, () -> timeLimitReached(t, env, policy, startedAt, hard));
    if (soft != null) {
      t.armSoftLimit(soft, () -> softLimitReached(t, env, soft, hard));
    }
    Object result = null;
    Throwable error = null;
    try {
      result = invoke(reg.handler(), payload, new Context(env, t.claim().crashRecoveries(),
          shuttingDown, t::isCancelled));
    } catch (Throwable e) {
      error = e;
    } finally {
      t.cancelTimeLimit();
      t.leaveHandler();
      if (t.state() == State.TIMED_OUT) {
        ignored.returned(t); // after leaveHandler, so that no watch is left behind
      }
    }
    if (!t.end(State.RUNNING, State.FINISHED)) {
      return; // timed out, lease lost or abandoned meanwhile: already routed
    }
    Thread.interrupted(); // a handler that interrupted itself must not break the broker call
    if (error == null) {
      router.succeeded(t, env, result, policy, startedAt); // even past the soft limit
    } else {
      if (soft != null && t.isCancelled() && stoppedByInterrupt(error)) {
        error = new SoftTimeLimitExceededException(t.claim().queue(), env.id(), soft, error);
      }
      router.failed(t, env, policy, error, startedAt);
    }
  }

  /** The task's own hard limit, else its queue's. */
  private Duration hardLimit(RunningTask t, TaskEnvelope env) {
    Duration own = env.controls().timeLimit();
    if (own == null) {
      return t.queue().timeLimit();
    }
    if (own.compareTo(t.queue().timeLimit()) < 0) {
      sweep.fitTo(own);
    }
    return own;
  }

  /** The task's own soft limit, else its queue's; none when it is not below the hard limit. */
  private @Nullable Duration softLimit(RunningTask t, TaskEnvelope env, Duration hard) {
    Duration own = env.controls().softTimeLimit();
    Duration soft = own != null ? own : t.queue().softTimeLimit();
    if (soft == null || soft.compareTo(hard) >= 0) {
      return null;
    }
    if (own != null) {
      sweep.fitTo(own);
    }
    return soft;
  }

  /** Whether {@code error} is (or was caused by) the interrupt: how a handler stops on it. */
  private static boolean stoppedByInterrupt(Throwable error) {
    Throwable e = error;
    for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
      if (e instanceof InterruptedException || e instanceof InterruptedIOException
          || e instanceof ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  private static <P> @Nullable Object invoke(TaskHandler<P> handler, P payload, Context ctx)
      throws Exception {
    return handler.handle(payload, ctx);
  }

  /**
   * Past the soft limit: {@link io.taskq.TaskContext#isCancelled()} and one interrupt; the
   * attempt goes on until the handler returns or throws, or its hard limit.
   */
  private void softLimitReached(RunningTask t, TaskEnvelope env, Duration soft, Duration hard) {
    if (t.state() != State.RUNNING || !t.cancel()) {
      return;
    }
    try (TaskMdc mdc = TaskMdc.put(t.claim().queue(), env.task(), env.id(), env.attempt(),
        env.correlationId())) {
      log.warn("Task {} {} ran past its soft time limit of {} on queue {}; asked to stop"
          + " (TaskContext.isCancelled() and an interrupt), its hard limit is {}", env.task(),
          env.id(), soft, t.claim().queue(), hard);
    }
  }

  /**
   * Past the hard limit: stop extending, interrupt, fail the attempt, free the slot, and watch
   * whether the handler thread ignores the interrupt.
   */
  private void timeLimitReached(RunningTask t, TaskEnvelope env, RetryPolicy policy,
      Instant startedAt, Duration limit) {
    if (!t.end(State.RUNNING, State.TIMED_OUT)) {
      return;
    }
    t.cancelTimeLimit();
    t.cancel();
    ignored.watch(t, env.task());
    executor.execute(() -> {
      try (TaskMdc mdc = TaskMdc.put(t.claim().queue(), env.task(), env.id(), env.attempt(),
          env.correlationId())) {
        log.warn("Task {} {} ran past the time limit of {} of queue {}; interrupted",
            env.task(), env.id(), limit, t.claim().queue());
        router.failed(t, env, policy, new TimeLimitExceededException(t.claim().queue(), env.id(),
            limit), startedAt);
      }
    });
  }

  /** Stops a task whose lease the broker no longer holds: another worker may run it now. */
  public void leaseLost(RunningTask t) {
    if (t.endHeld(State.LOST)) {
      t.cancelTimeLimit();
      t.interrupt();
      active.remove(t);
      events.leaseLost(t.claim().queue());
      log.warn("Lost the lease of task {} on queue {} (the worker was too slow to extend it);"
          + " its handler was interrupted and another worker may run it", t.id(),
          t.claim().queue());
    }
  }

  /**
   * Returns claimed tasks whose handler has not started (reserved ones included) to the head of
   * pending, the latest claimed first so that they keep their order there; returns how many.
   */
  public int returnUnstarted() {
    active.closeLanes();
    int n = 0;
    for (RunningTask t : active.unstartedLatestFirst()) {
      if (t.end(State.CLAIMED, State.ABANDONED)) {
        router.requeue(t);
        n++;
      }
    }
    return n;
  }

  /** Interrupts running handlers and returns their tasks to the head of pending. */
  public int abandonRunning() {
    int n = 0;
    for (RunningTask t : active.all()) {
      if (t.end(State.RUNNING, State.ABANDONED)) {
        t.cancelTimeLimit();
        t.interrupt();
        router.requeue(t);
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    sweep.close();
    executor.shutdownNow();
  }
}
