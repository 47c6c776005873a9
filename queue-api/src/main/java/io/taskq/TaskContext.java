package io.taskq;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a handler knows about the attempt it runs. One instance per attempt; safe to read from any
 * thread.
 */
public interface TaskContext {

  /** The task id. */
  String id();

  /**
   * The queue the task was claimed from; on a sharded queue the shard ({@code email#2}), whose
   * queue is {@link QueueShards#logical}.
   */
  String queue();

  /** The task name. */
  String taskName();

  /** 1 for the first attempt; crash recoveries do not count (see {@link #crashRecoveries()}). */
  int attempt();

  /** Retries so far, {@code attempt() - 1}. */
  int retries();

  /** How often a worker died while running this task before this attempt. */
  int crashRecoveries();

  /** Headers given at submit time. */
  Map<String, String> headers();

  /** The correlation id given at submit time, if any. */
  @Nullable String correlationId();

  /**
   * True once the worker is shutting down: a long handler should finish or stop soon; if it is
   * still running when the grace period ends it is interrupted and the task returns to pending.
   */
  boolean isShuttingDown();

  /**
   * True once this attempt was asked to stop: its soft time limit passed (the task's
   * {@link TaskOptions#softTimeLimit()}, else its queue's {@link QueueConfig#softTimeLimit()}), or
   * its hard limit did. The worker also interrupts the handler once, at that moment; a handler
   * that swallows the interrupt (or is not blocked) checks this flag. The attempt goes on until
   * the handler returns (a success), throws (for instance {@link SoftTimeLimitExceededException})
   * or reaches its hard limit.
   */
  boolean isCancelled();
}
