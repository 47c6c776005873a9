package io.taskq;

import io.taskq.config.TaskqConfig;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.spi.Broker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Submits tasks and looks them up. Thread-safe; create one per application and share it. Calls
 * block for at most the broker's command timeout.
 *
 * <p>Failures: {@link PayloadException} when a payload cannot be encoded, exceeds
 * {@code maxPayload}, or is a record whose required component is null (the message names the
 * field, e.g. {@code items[2].sku}; a component is required unless it is an {@code Optional} or
 * annotated {@code @Nullable}: the worker would refuse to bind it) — nothing is enqueued;
 * {@link BrokerUnavailableException} when the broker
 * cannot be reached (submitting again is safe: enqueue is idempotent on the task id);
 * {@link BrokerRefusedException} when Redis refuses the write (out of memory; nothing was
 * enqueued); {@link PartialSubmitException} when a bulk submission failed part-way;
 * {@link DuplicateTaskException} only with {@link TaskOptions#rejectDuplicate()}.
 */
public interface TaskClient extends AutoCloseable {

  /** Submits one task with the definition's default options. */
  default <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload) {
    return submit(definition, payload, TaskOptions.DEFAULT);
  }

  /**
   * Submits one task. With a caller-supplied id that is already live, returns the existing task's
   * handle (or throws {@link DuplicateTaskException} when the options ask for it). With a
   * {@link TaskOptions#uniqueKey()} held in the queue (by a task that is pending, scheduled,
   * retrying or active, or within the key's TTL), nothing is stored and the handle of the task
   * holding the key is returned (or {@link DuplicateTaskException} thrown, when asked); the check
   * and the store are one atomic step, so concurrent submitters of one key get one task. The
   * handle waits for an untyped result ({@link TaskHandle#await}); declare a result type with
   * {@link TaskDefinition#returning} for a typed one.
   */
  <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload, TaskOptions options);

  /** Submits one task of a definition with a result type, with its default options. */
  default <P, R> TaskHandle<R> submit(TaskDefinition.Returning<P, R> task, P payload) {
    return submit(task, payload, TaskOptions.DEFAULT);
  }

  /**
   * Submits one task of a definition with a result type, as
   * {@link #submit(TaskDefinition, Object, TaskOptions)}; the handle's
   * {@link TaskHandle#await} returns the result bound to {@code R}.
   */
  default <P, R> TaskHandle<R> submit(TaskDefinition.Returning<P, R> task, P payload,
      TaskOptions options) {
    TaskHandle<Object> h = submit(task.definition(), payload, options);
    return handle(h.id(), h.queue(), task.resultType());
  }

  /**
   * A handle of an existing task bound to this client, whose result binds to {@code resultType}:
   * for waiting on a task by an id kept elsewhere (a database row, a message). Makes no call,
   * except for a sharded queue named by its own name ({@link QueueConfig#shards()}): then it finds
   * the shard holding the task (a lookup per shard) and the handle carries that shard's name.
   */
  <R> TaskHandle<R> handle(String id, String queue, Class<R> resultType);

  /** Submits many tasks of one definition in chunked broker calls; handles in payload order. */
  default <P> List<TaskHandle<Object>> submitAll(TaskDefinition<P> definition,
      List<? extends P> payloads) {
    return submitAll(definition, payloads, TaskOptions.DEFAULT);
  }

  /**
   * Submits many tasks of one definition with the same options (a caller-supplied id or a unique
   * key is not allowed here), in broker calls of up to {@link Broker#MAX_BATCH} tasks. Handles in payload
   * order. Every id is chosen before the first call.
   *
   * @throws PartialSubmitException when a batch failed after earlier ones were enqueued: it names
   *     the enqueued tasks and the ids to submit the rest with, so that nothing runs twice
   * @throws BrokerRefusedException when Redis refused the first batch (nothing was enqueued)
   */
  <P> List<TaskHandle<Object>> submitAll(
      TaskDefinition<P> definition, List<? extends P> payloads, TaskOptions options);

  /**
   * Submits a task by name with its arguments as JSON text, for tools such as {@code taskq call}
   * that do not have the task's classes. The queue is the options' queue, else {@code default}
   * (the client does not know the definition: a caller that does, such as {@code taskq call},
   * passes its queue). The arguments are checked as JSON only; the worker binds them to the
   * payload type.
   *
   * @throws PayloadException when {@code argsJson} is not valid JSON or exceeds the size limit
   */
  TaskHandle<Object> submitJson(String taskName, String argsJson, TaskOptions options);

  /**
   * Submits many tasks of one name, with arguments as JSON text, in chunked broker calls. Handles
   * in argument order. A caller-supplied id is not allowed.
   *
   * @throws PayloadException when an argument is not valid JSON or exceeds the size limit; nothing
   *     is submitted
   * @throws PartialSubmitException as {@link #submitAll(TaskDefinition, List, TaskOptions)}
   */
  List<TaskHandle<Object>> submitAllJson(String taskName, List<String> argsJson,
      TaskOptions options);

  /**
   * Looks a task up by handle: its state, retries, times, last error and history, and for a
   * finished task what its record keeps (final state, name, times, attempts, error, result
   * {@link TaskInfo#resultJson()}). One broker call; does not wait for the task. Thread-safe.
   *
   * @return the task, or empty when it is nowhere: never submitted, deleted, purged, or finished
   *     longer ago than its queue's {@code resultTtl} (default one day; 0 keeps no record)
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  Optional<TaskInfo> find(TaskHandle<?> handle);

  /**
   * The value a task's handler returned, as JSON text (the handler's return value serialized
   * with Jackson, e.g. {@code {"sum":3}} or {@code "done"}); bind it with any JSON library.
   * Kept for the queue's {@code resultTtl} (default one day) after the task succeeded. Does not
   * wait: see {@link #result} and {@link TaskHandle#await}. One broker call; thread-safe.
   *
   * @return the result, or empty while the task has not succeeded, when its handler returned
   *     {@code null} or nothing, when the value was not serializable as JSON, or after it expired
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  Optional<String> resultJson(TaskHandle<?> handle);

  /**
   * How a task ended: its final state (SUCCEEDED, DEAD, REVOKED, EXPIRED), result JSON, error
   * and times, as its record keeps them for the queue's {@code resultTtl}. Does not wait. One
   * broker call; thread-safe.
   *
   * @return the result, or empty while the task has not finished (it is pending, scheduled,
   *     active or waiting for a retry), or when it is unknown or its record is gone
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  Optional<TaskResult> result(TaskHandle<?> handle);

  /**
   * Completes when the task reaches a final state, with how it ended (any final state: this
   * future does not fail for DEAD, REVOKED or EXPIRED); at once when it already has. Woken by
   * the broker, never by polling: the client subscribes before it reads the state, so no ending
   * is missed, and every waiter of this client shares one broker subscription per queue (on
   * Redis, one pub/sub connection for the whole client). Cancel the future, or let it time out
   * with {@link CompletableFuture#orTimeout}, to stop waiting. Completes on a thread of the
   * client; thread-safe.
   *
   * <p>Completes exceptionally with {@link TaskNotFoundException} when the task is unknown, or
   * finished with no record kept ({@code resultTtl: 0}, or expired); with
   * {@link BrokerUnavailableException} when the broker cannot be reached at the start.
   */
  CompletableFuture<TaskResult> whenFinished(TaskHandle<?> handle);

  /**
   * Revokes a task without stopping it if it already runs; see
   * {@link #revoke(TaskHandle, boolean)}.
   */
  default TaskState revoke(TaskHandle<?> handle) {
    return revoke(handle, false);
  }

  /** Revokes the task {@code id} of {@code queue}; see {@link #revoke(TaskHandle, boolean)}. */
  default TaskState revoke(String queue, String id, boolean terminate) {
    return revoke(handle(id, queue, Object.class), terminate);
  }

  /**
   * Revokes a task. A pending, scheduled or retrying task is withdrawn at once and never runs; it
   * ends {@link TaskState#REVOKED}, kept as a record for the queue's {@code resultTtl}. An active
   * task runs to its end but is never retried (a failure ends it REVOKED), unless
   * {@code terminate}: then its worker is told through Redis, interrupts the handler and ends it
   * REVOKED. The revoke is kept in Redis (not in worker memory), so a worker restart, a crash
   * recovery or a copy of the id in pending cannot run the task again. A finished task is left
   * as it is. Two broker calls (a lookup for the task's name and creation time, then the
   * revoke); idempotent; thread-safe.
   *
   * @return the state the task was in: PENDING, SCHEDULED or RETRY (now REVOKED), ACTIVE (see
   *     above), or a final state (unchanged)
   * @throws TaskNotFoundException when the task is in no state of its queue
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  TaskState revoke(TaskHandle<?> handle, boolean terminate);

  /**
   * Revokes every pending, scheduled and retrying task named {@code taskName} in {@code queue}
   * (looking at up to 100,000 tasks per state); active tasks are left alone. One lookup per task
   * of those states, then revokes in chunks of {@link Broker#MAX_BATCH}.
   *
   * @return the revoked ids, each with the state it was in, in queue order
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  java.util.Map<String, TaskState> revokeAll(String queue, String taskName);

  /**
   * Submits a chain: the first step now; each next one once the one before SUCCEEDED, receiving
   * its result unless the step has a payload of its own. Advancing is part of the ending step's
   * ack on the broker, so a worker dying between the two loses nothing. A step that ends DEAD,
   * REVOKED or EXPIRED stops the chain: it is FAILED, naming the step.
   *
   * @return the chain's id and its tasks' handles ({@link WorkflowHandle#last()} carries the
   *     final result)
   * @throws IllegalArgumentException without steps
   * @throws BrokerUnavailableException when the broker cannot be reached
   */
  default WorkflowHandle chain(Step... steps) {
    return chain(List.of(steps));
  }

  /** See {@link #chain(Step...)}. */
  WorkflowHandle chain(List<Step> steps);

  /**
   * Submits a group: every member now (in chunks of {@link Broker#MAX_BATCH}); the group
   * SUCCEEDED once every member did, FAILED with its first member that ended DEAD, REVOKED or
   * EXPIRED.
   */
  default WorkflowHandle group(List<Step> members) {
    return chord(members, null, null);
  }

  /**
   * Submits a chord: a group whose {@code body} runs once, when every member SUCCEEDED,
   * receiving their results in member order (unless it has a payload of its own).
   */
  default WorkflowHandle chord(List<Step> members, Step body) {
    return chord(members, body, null);
  }

  /**
   * Submits a group with an optional body (see {@link #chord(List, Step)}) and an optional
   * {@code onError}, run once when the first member ends DEAD, REVOKED or EXPIRED (receiving a
   * description of that failure unless it has a payload of its own).
   */
  WorkflowHandle chord(List<Step> members, @Nullable Step body, @Nullable Step onError);

  /** A chain or group by id; empty when unknown or expired (7 days after its last change). */
  Optional<WorkflowInfo> workflow(String id);

  /**
   * Releases the client; the broker is closed only if the client created it. Waits up to a
   * second for task events still being sent ({@code events.enabled}). Idempotent.
   */
  @Override
  void close();

  /** A client over a broker, with the configuration's payload limit and queue policies. */
  static TaskClient create(Broker broker, TaskqConfig config) {
    return new DefaultTaskClient(broker, config, Clock.systemUTC());
  }

  /** A builder of a client with {@linkplain SubmitInterceptor submit interceptors}. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link TaskClient}: {@code TaskClient.builder().broker(broker).config(config)
   * .interceptor(tracing).build()}. Not thread-safe.
   */
  final class Builder {
    private @Nullable Broker broker;
    private TaskqConfig config = TaskqConfig.DEFAULT;
    private final List<SubmitInterceptor> interceptors = new ArrayList<>();

    private Builder() {}

    /** The broker to submit to (required); the caller keeps it and closes it. */
    public Builder broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /** The payload limit and queue policies (default {@link TaskqConfig#DEFAULT}). */
    public Builder config(TaskqConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Adds an interceptor around every submit; the first added runs outermost. */
    public Builder interceptor(SubmitInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException when no broker was given
     */
    public TaskClient build() {
      if (broker == null) {
        throw new IllegalStateException("a client needs a broker: builder().broker("
            + "BrokerFactory.open(config.redis()))");
      }
      return new DefaultTaskClient(broker, config, Clock.systemUTC(), interceptors);
    }
  }
}
