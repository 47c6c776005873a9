package io.taskq.worker.internal;

import io.taskq.BrokerUnavailableException;
import io.taskq.PayloadException;
import io.taskq.RetryLaterException;
import io.taskq.RetryPolicy;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskState;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.EventPublisher;
import io.taskq.spi.TaskEvent;
import io.taskq.internal.TaskEnvelope;
import io.taskq.spi.TaskRecord;
import io.taskq.worker.Outcome;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the end of a task into its broker transition: ack, retry (with the envelope recording the
 * attempt), dead-letter or requeue; logs one line per outcome and frees the task's slot. A broker
 * outage is waited out (the lease is extended meanwhile) until the worker stops for good.
 *
 * <p>An outcome is reported (log line, metric, listener) only once the broker has recorded it: a
 * success when its batched ack is accepted, so a worker fenced out by a lost lease reports
 * {@link Outcome#LEASE_LOST}, never a success the new owner of the task will report again.
 */
public final class OutcomeRouter {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRouter.class);
  private final Broker broker;
  private final EnvelopeCodec codec;
  private final AckBatcher acks;
  private final ActiveTasks active;
  private final String workerId;
  private final TimeSource clock;
  private final BrokerHealth health;
  private final boolean logOutcomes;
  private final WorkerEvents listener;
  private final EventPublisher events;
  private final BooleanSupplier giveUp;
  private final int maxResult;
  private final Consumer<String> linkedEnded;

  /**
   * Logs one line per outcome when {@code worker.logOutcomes} is set; keeps results up to
   * {@code maxResult} bytes of JSON. {@code linkedEnded} is told the queue of each task with
   * follow-ups ({@code TaskControls.linked}) that reached its final state.
   */
  public OutcomeRouter(WorkerRuntime rt, Consumer<String> linkedEnded) {
    this.linkedEnded = linkedEnded;
    this.broker = rt.broker();
    this.codec = rt.codec();
    this.acks = rt.acks();
    this.active = rt.active();
    this.workerId = rt.workerId();
    this.clock = rt.time();
    this.health = rt.health();
    this.logOutcomes = rt.config().worker().logOutcomes();
    this.listener = rt.events();
    this.events = rt.taskEvents();
    this.giveUp = rt.giveUp();
    this.maxResult = rt.config().maxResult();
  }

  /**
   * Acks a task whose handler returned; a result over {@code maxResult} fails it instead, without
   * retry ({@link ResultTooLargeException}).
   */
  public void succeeded(RunningTask t, TaskEnvelope env, @Nullable Object result,
      RetryPolicy policy, Instant startedAt) {
    String json = null;
    if (result != null) {
      try {
        json = codec.encodeResult(result);
      } catch (PayloadException e) {
        log.warn("Task {} {} returned a value that is not JSON ({}); acked without a result",
            env.task(), env.id(), result.getClass().getName());
      }
    }
    long bytes = json == null ? 0 : utf8Length(json);
    if (bytes > maxResult) {
      failed(t, env, policy, new ResultTooLargeException(bytes, maxResult), startedAt);
      return;
    }
    try {
      long ms = t.elapsedMillis();
      // kept even when the handler returned nothing: the task's end stays known for resultTtl
      TaskRecord record = new TaskRecord(TaskState.SUCCEEDED, env.task(), env.createdAt(),
          startedAt, clock.instant(), env.attempt(), workerId);
      acks.ack(t.claim().queue(), new Ack(t.ref(), json, t.queue().resultTtl(), record), held -> {
        // on the ack thread: the task's MDC again for the outcome's log line
        try (TaskMdc mdc = TaskMdc.put(t.claim().queue(), env.task(), env.id(), env.attempt(),
            env.correlationId())) {
          if (held) {
            if (env.controls().linked()) {
              linkedEnded.accept(t.claim().queue());
            }
            events.publish(TaskEvent.Type.SUCCEEDED, t.claim().queue(), env.task(), env.id(),
                env.attempt(), null);
            report(t, env.task(), Outcome.SUCCESS, ms, "");
          } else {
            lostLease(t, env.task(), "succeeded", ms);
          }
        }
      });
    } finally {
      active.remove(t);
    }
  }

  public void failed(RunningTask t, TaskEnvelope env, RetryPolicy policy, Throwable error,
      Instant startedAt) {
    if (t.isRevoked()) { // revoked while it ran: not retried, not dead-lettered
      endUnrun(t, env, TaskState.REVOKED, TaskError.of(error), startedAt);
      return;
    }
    try {
      boolean retry;
      Duration delay;
      if (error instanceof RetryLaterException later) {
        retry = env.retries() < policy.maxRetries();
        delay = later.delay();
      } else {
        retry = policy.shouldRetry(error, env.retries());
        delay = retry ? policy.backoff().delay(env.retries() + 1) : Duration.ZERO;
      }
      Instant now = clock.instant();
      TaskError taskError = TaskError.of(error);
      TaskAttempt attempt = new TaskAttempt(env.attempt(), workerId, startedAt, now,
          retry ? "retry" : "dead", taskError);
      String next = codec.encode(env.withAttempt(attempt, retry));
      String queue = t.claim().queue();
      TaskRecord dead = new TaskRecord(TaskState.DEAD, env.task(), env.createdAt(), startedAt,
          now, env.attempt(), workerId, TaskError.reason(taskError.type(), taskError.message()));
      boolean held = persist(retry
          ? () -> broker.retry(queue, t.ref(), next, delay)
          : () -> broker.deadLetter(queue, t.ref(), next, t.queue().dead(), dead,
              t.queue().resultTtl()));
      if (!held) {
        lostLease(t, env.task(), "failed", t.elapsedMillis());
        return;
      }
      if (!retry && env.controls().linked()) {
        linkedEnded.accept(queue);
      }
      log.debug("Task {} {} failed", env.task(), env.id(), error);
      events.publish(TaskEvent.Type.FAILED, queue, env.task(), env.id(), env.attempt(), taskError);
      events.publish(retry ? TaskEvent.Type.RETRIED : TaskEvent.Type.DEAD, queue, env.task(),
          env.id(), env.attempt(), retry ? null : taskError);
      report(t, env.task(), retry ? Outcome.RETRY : Outcome.DEAD, t.elapsedMillis(), retry
          ? " (" + error.getClass().getName() + "; retry " + (env.retries() + 1) + " of "
              + policy.maxRetries() + " in " + delay.toMillis() + " ms)"
          : " (" + error.getClass().getName() + "; " + why(error, env, policy) + ")");
    } finally {
      active.remove(t);
    }
  }

  /**
   * Ends a task in a final state without running it (further): REVOKED (revoked before it ran,
   * stopped by a terminating revoke, or failed after a revoke) or EXPIRED (claimed after its
   * expiry). Keeps its record for the queue's result TTL.
   *
   * @param env its envelope, or null when it does not decode
   * @param startedAt when its handler started, or null when it never did
   */
  public void endUnrun(RunningTask t, @Nullable TaskEnvelope env, TaskState state,
      @Nullable TaskError error, @Nullable Instant startedAt) {
    try {
      String queue = t.claim().queue();
      String task = env == null ? TaskEnvelope.UNKNOWN_TASK : env.task();
      int attempts = env == null ? 0 : startedAt == null ? env.retries() : env.attempt();
      TaskRecord record = new TaskRecord(state, task, env == null ? null : env.createdAt(),
          startedAt, clock.instant(), attempts, workerId, error);
      if (!persist(() -> broker.finish(queue, t.ref(), record, t.queue().resultTtl()))) {
        lostLease(t, task, "ended " + state, t.elapsedMillis());
        return;
      }
      if (env != null && env.controls().linked()) {
        linkedEnded.accept(queue);
      }
      events.publish(state == TaskState.EXPIRED ? TaskEvent.Type.EXPIRED : TaskEvent.Type.REVOKED,
          queue, task, t.id(), attempts, error);
      report(t, task, state == TaskState.EXPIRED ? Outcome.EXPIRED : Outcome.REVOKED,
          startedAt == null ? 0 : t.elapsedMillis(), error == null ? ""
              : " (" + error.type() + ")");
    } finally {
      active.remove(t);
    }
  }

  /** The UTF-8 size of {@code s}, counted only when its length alone cannot rule the limit out. */
  private long utf8Length(String s) {
    return s.length() * 3L <= maxResult ? s.length()
        : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static String why(Throwable error, TaskEnvelope env, RetryPolicy policy) {
    if (error instanceof ResultTooLargeException) {
      return "a result over maxResult is not kept";
    }
    if (error instanceof io.taskq.SkipRetryException) {
      return "the handler asked for no retry";
    }
    if (env.retries() >= policy.maxRetries()) {
      return "no retries left after " + env.attempt() + " attempt(s)";
    }
    return "not retried for this exception";
  }

  /**
   * Dead-letters a task that cannot run: its envelope does not decode ({@code env == null}), its
   * task is unknown or its arguments do not bind.
   */
  public void rejected(RunningTask t, @Nullable TaskEnvelope env, String reason) {
    try {
      Instant now = clock.instant();
      String queue = t.claim().queue();
      TaskEnvelope dead = env != null
          ? env.withAttempt(new TaskAttempt(env.attempt(), workerId, now, now, "rejected",
              TaskError.reason("Rejected", reason)), false)
          : TaskEnvelope.rejected(queue, t.id(), t.claim().envelope(), reason, now);
      String text = codec.encode(dead);
      TaskRecord record = new TaskRecord(TaskState.DEAD, dead.task(),
          env != null ? env.createdAt() : null, now, now, env != null ? env.attempt() : 1,
          workerId, TaskError.reason("Rejected", reason));
      if (!persist(() -> broker.deadLetter(queue, t.ref(), text, t.queue().dead(), record,
          t.queue().resultTtl()))) {
        lostLease(t, dead.task(), "was rejected", t.elapsedMillis());
        return;
      }
      log.warn("Task {} on queue {} rejected and dead-lettered: {}", t.id(), queue, reason);
      events.publish(TaskEvent.Type.DEAD, queue, dead.task(), t.id(), record.attempts(),
          TaskError.reason("Rejected", reason));
      listener.completed(queue, dead.task(), Outcome.REJECTED,
          Duration.ofMillis(t.elapsedMillis()));
    } finally {
      active.remove(t);
    }
  }

  /** Returns a task to the head of pending (shutdown), without counting a retry. */
  public void requeue(RunningTask t) {
    try {
      if (persist(() -> broker.requeue(t.claim().queue(), t.ref()))) {
        log.info("Returned task {} to the head of queue {}", t.id(), t.claim().queue());
      }
    } finally {
      active.remove(t);
    }
  }

  private void report(RunningTask t, String task, Outcome outcome, long ms, String detail) {
    if (logOutcomes) {
      // "took", not "in": a retry's detail says when it runs again ("retry 1 of 3 in 10000 ms")
      log.info("Task {} {} {}, took {} ms{}", task, t.id(), outcome.tag(), ms, detail);
    }
    listener.completed(t.claim().queue(), task, outcome, Duration.ofMillis(ms));
  }

  /** A fenced-out outcome: the claim was taken over, so the task's new owner reports it. */
  private void lostLease(RunningTask t, String task, String what, long ms) {
    log.warn("Could not record that task {} on queue {} {}: its lease was lost, so another"
        + " worker may run it again", t.id(), t.claim().queue(), what);
    listener.leaseLost(t.claim().queue());
    listener.completed(t.claim().queue(), task, Outcome.LEASE_LOST, Duration.ofMillis(ms));
  }

  /** Runs a fenced broker call, waiting out outages; false when the claim is no longer held. */
  private boolean persist(BooleanSupplier call) {
    Pause pause = new Pause();
    while (true) {
      try {
        boolean held = call.getAsBoolean();
        health.up();
        return held;
      } catch (BrokerUnavailableException e) {
        health.down(e);
        if (giveUp.getAsBoolean() || !pause.sleep()) {
          return true; // not recorded: the lease expires and the reaper returns the task
        }
      }
    }
  }
}
