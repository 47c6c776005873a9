package io.taskq.test;

import io.taskq.Step;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskModule;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.TaskResult;
import io.taskq.config.TaskqConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskClient} whose submissions run at once, on the caller's thread, before submit
 * returns (as Celery's {@code task_always_eager}): for unit tests of code that submits tasks. The
 * returned handle's task has run: {@link #resultJson} has its result, {@link #find} its state.
 *
 * <p>Each submit runs everything due now, as {@link Taskq#runUntilIdle()}: the task, retries whose
 * backoff is zero and tasks its handler submits. Tasks with a countdown or ETA, and retries with a
 * backoff, wait as on a worker; use {@link Taskq#advance} on the harness to run them. A failing
 * handler does not throw from submit: the task is in RETRY or DEAD, as {@link #find} shows.
 *
 * <p>Not thread-safe: submit from one thread.
 */
public final class EagerTaskClient implements TaskClient {
  private final Taskq taskq;
  private final boolean ownsHarness;

  EagerTaskClient(Taskq taskq, boolean ownsHarness) {
    this.taskq = taskq;
    this.ownsHarness = ownsHarness;
  }

  /** An eager client on a harness of its own that runs the tasks of {@code modules}. */
  public static EagerTaskClient create(TaskModule... modules) {
    return new EagerTaskClient(Taskq.create(modules), true);
  }

  /** An eager client with the queue policies of {@code config}. */
  public static EagerTaskClient create(TaskqConfig config, TaskModule... modules) {
    return new EagerTaskClient(Taskq.create(config, modules), true);
  }

  /** The harness the tasks run on (its inspector, clock and assertions). */
  public Taskq taskq() {
    return taskq;
  }

  /** Submits the task and runs what is due before returning; see the class comment. */
  @Override
  public <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload,
      TaskOptions options) {
    TaskHandle<Object> handle = taskq.client().submit(definition, payload, options);
    taskq.runUntilIdle();
    return handle;
  }

  /** Submits the tasks and runs what is due before returning. */
  @Override
  public <P> List<TaskHandle<Object>> submitAll(TaskDefinition<P> definition,
      List<? extends P> payloads, TaskOptions options) {
    List<TaskHandle<Object>> handles = taskq.client().submitAll(definition, payloads, options);
    taskq.runUntilIdle();
    return handles;
  }

  /** Submits the task by name and runs what is due before returning. */
  @Override
  public TaskHandle<Object> submitJson(String taskName, String argsJson, TaskOptions options) {
    TaskHandle<Object> handle = taskq.client().submitJson(taskName, argsJson, options);
    taskq.runUntilIdle();
    return handle;
  }

  /** Submits the tasks by name and runs what is due before returning. */
  @Override
  public List<TaskHandle<Object>> submitAllJson(String taskName, List<String> argsJson,
      TaskOptions options) {
    List<TaskHandle<Object>> handles = taskq.client().submitAllJson(taskName, argsJson, options);
    taskq.runUntilIdle();
    return handles;
  }

  /** The task's state, as {@link TaskClient#find}. */
  /** Submits the chain and runs what is due before returning (needs the Redis broker). */
  @Override
  public WorkflowHandle chain(List<Step> steps) {
    WorkflowHandle handle = taskq.client().chain(steps);
    taskq.runUntilIdle();
    return handle;
  }

  /** Submits the group and runs what is due before returning (needs the Redis broker). */
  @Override
  public WorkflowHandle chord(List<Step> members, @Nullable Step body, @Nullable Step onError) {
    WorkflowHandle handle = taskq.client().chord(members, body, onError);
    taskq.runUntilIdle();
    return handle;
  }

  @Override
  public Optional<WorkflowInfo> workflow(String id) {
    return taskq.client().workflow(id);
  }

  @Override
  public Optional<TaskInfo> find(TaskHandle<?> handle) {
    return taskq.client().find(handle);
  }

  /** The task's result, as {@link TaskClient#resultJson}. */
  @Override
  public Optional<String> resultJson(TaskHandle<?> handle) {
    return taskq.client().resultJson(handle);
  }

  /** Revokes the task, as {@link TaskClient#revoke(TaskHandle, boolean)}. */
  @Override
  public TaskState revoke(TaskHandle<?> handle, boolean terminate) {
    return taskq.client().revoke(handle, terminate);
  }

  /** Revokes tasks by name, as {@link TaskClient#revokeAll}. */
  @Override
  public Map<String, TaskState> revokeAll(String queue, String taskName) {
    return taskq.client().revokeAll(queue, taskName);
  }

  /** How the task ended, as {@link TaskClient#result}. */
  @Override
  public Optional<TaskResult> result(TaskHandle<?> handle) {
    return taskq.client().result(handle);
  }

  /**
   * As {@link TaskClient#whenFinished}; the task has run by the time submit returned, so this
   * completes at once unless it waits for a countdown or a retry ({@link Taskq#advance}).
   */
  @Override
  public CompletableFuture<TaskResult> whenFinished(TaskHandle<?> handle) {
    return taskq.client().whenFinished(handle);
  }

  /** A handle bound to this client. */
  @Override
  public <R> TaskHandle<R> handle(String id, String queue, Class<R> resultType) {
    return new TaskHandle<>(id, queue, this, resultType);
  }

  /** Closes the harness when this client created it. Idempotent. */
  @Override
  public void close() {
    if (ownsHarness) {
      taskq.close();
    }
  }
}
