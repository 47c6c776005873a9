package io.taskq.spring;

import io.taskq.Step;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskResult;
import io.taskq.TaskState;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.spring.internal.HeldSubmits;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The {@link TaskClient} of a Spring application, aware of Spring transactions.
 * {@link #submitAfterCommit} called inside a transaction enqueues the task after the transaction
 * commits and drops it when it rolls back; outside a transaction it submits at once. With
 * {@code taskq.client.after-commit=true}, every submit behaves so.
 *
 * <p>A held task's id is chosen at the call (taskq ids are chosen by the client), so the handle
 * returned before the commit names the task that the commit will enqueue: keep the id in the
 * same transaction, look it up or wait on it after the commit. Until the commit the task is
 * nowhere ({@link #find} is empty); after a rollback it never exists. Two exceptions: with a
 * {@link TaskOptions#uniqueKey()} held by another task at the commit, nothing is stored and the
 * returned id names no task; and a task submitted at the commit that fails (payload too large,
 * broker down) is logged at ERROR and its exception thrown from the commit, after the data
 * committed. Payloads are encoded at the commit: do not change a held payload object.
 *
 * <p>A task's correlation id, when its options carry none, is the MDC's {@code correlationId},
 * else the MDC's {@code traceId} (the trace of the request, with Micrometer Tracing).
 *
 * <p>Thread-safe; the held tasks belong to the transaction of the calling thread.
 */
public final class SpringTaskClient implements TaskClient {
  /** MDC key of the trace id that Micrometer Tracing sets, used when no correlation id is set. */
  public static final String MDC_TRACE_ID = "traceId";
  private static final String MDC_CORRELATION_ID = DefaultTaskClient.MDC_CORRELATION_ID;

  private final TaskClient delegate;
  private final boolean afterCommit;
  private final HeldSubmits held;

  /**
   * @param delegate the client that enqueues
   * @param afterCommit whether every submit waits for the current transaction's commit
   */
  public SpringTaskClient(TaskClient delegate, boolean afterCommit) {
    this.delegate = delegate;
    this.afterCommit = afterCommit;
    this.held = HeldSubmits.create(delegate);
  }

  /** The client that enqueues at once, ignoring transactions. */
  public TaskClient immediate() {
    return delegate;
  }

  /** Whether every submit waits for the commit of the current transaction. */
  public boolean isAfterCommit() {
    return afterCommit;
  }

  /** {@link #submitAfterCommit(TaskDefinition, Object, TaskOptions)} with default options. */
  public <P> TaskHandle<Object> submitAfterCommit(TaskDefinition<P> definition, P payload) {
    return submitAfterCommit(definition, payload, TaskOptions.DEFAULT);
  }

  /**
   * Inside a Spring transaction, holds the task until the transaction commits (dropped on
   * rollback) and returns its handle at once, with the id it will have; outside one, submits as
   * {@link #submit(TaskDefinition, Object, TaskOptions)}.
   */
  public <P> TaskHandle<Object> submitAfterCommit(TaskDefinition<P> definition, P payload,
      TaskOptions options) {
    return held.submit(definition, payload, correlated(options));
  }

  @Override
  public <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload,
      TaskOptions options) {
    TaskOptions o = correlated(options);
    return afterCommit ? held.submit(definition, payload, o)
        : delegate.submit(definition, payload, o);
  }

  @Override
  public <P> List<TaskHandle<Object>> submitAll(TaskDefinition<P> definition,
      List<? extends P> payloads, TaskOptions options) {
    TaskOptions o = correlated(options);
    return afterCommit ? held.submitAll(definition, payloads, o)
        : delegate.submitAll(definition, payloads, o);
  }

  @Override
  public TaskHandle<Object> submitJson(String taskName, String argsJson, TaskOptions options) {
    TaskOptions o = correlated(options);
    return afterCommit ? held.submitJson(taskName, argsJson, o)
        : delegate.submitJson(taskName, argsJson, o);
  }

  @Override
  public List<TaskHandle<Object>> submitAllJson(String taskName, List<String> argsJson,
      TaskOptions options) {
    TaskOptions o = correlated(options);
    return afterCommit ? held.submitAllJson(taskName, argsJson, o)
        : delegate.submitAllJson(taskName, argsJson, o);
  }

  /**
   * The options with a correlation id: theirs, else the MDC's {@code correlationId}, else the
   * MDC's {@code traceId} (set by Micrometer Tracing), so a request's tasks log its trace id.
   */
  private static TaskOptions correlated(TaskOptions options) {
    if (options.correlationId() != null || !blank(MDC.get(MDC_CORRELATION_ID))) {
      return options; // the client reads the MDC's correlationId itself
    }
    String traceId = MDC.get(MDC_TRACE_ID);
    return blank(traceId) ? options : options.toBuilder().correlationId(traceId).build();
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  @Override
  public <R> TaskHandle<R> handle(String id, String queue, Class<R> resultType) {
    return delegate.handle(id, queue, resultType);
  }

  /** Submitted at once, also inside a transaction: a chain is not held until the commit. */
  @Override
  public WorkflowHandle chain(List<Step> steps) {
    return delegate.chain(steps);
  }

  /** Submitted at once, also inside a transaction: a group is not held until the commit. */
  @Override
  public WorkflowHandle chord(List<Step> members, @Nullable Step body, @Nullable Step onError) {
    return delegate.chord(members, body, onError);
  }

  @Override
  public Optional<WorkflowInfo> workflow(String id) {
    return delegate.workflow(id);
  }

  @Override
  public Optional<TaskInfo> find(TaskHandle<?> handle) {
    return delegate.find(handle);
  }

  @Override
  public Optional<String> resultJson(TaskHandle<?> handle) {
    return delegate.resultJson(handle);
  }

  @Override
  public Optional<TaskResult> result(TaskHandle<?> handle) {
    return delegate.result(handle);
  }

  @Override
  public CompletableFuture<TaskResult> whenFinished(TaskHandle<?> handle) {
    return delegate.whenFinished(handle);
  }

  @Override
  public TaskState revoke(TaskHandle<?> handle, boolean terminate) {
    return delegate.revoke(handle, terminate);
  }

  @Override
  public Map<String, TaskState> revokeAll(String queue, String taskName) {
    return delegate.revokeAll(queue, taskName);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
