package io.taskq.internal;

import io.taskq.PayloadException;
import io.taskq.TaskError;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.Revocation;
import io.taskq.spi.StoredTask;
import io.taskq.spi.TaskRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The revokes of {@link io.taskq.TaskClient}: reads each task's envelope for its record (task
 * name, creation time), then revokes in broker calls of at most {@link Broker#MAX_BATCH}.
 */
public final class Revoker {
  /** The error of a task revoked while pending, scheduled or waiting for a retry. */
  static final TaskError REVOKED_BEFORE_IT_RAN =
      TaskError.reason("Revoked", "revoked while waiting to run");

  /** Most tasks of one state the bulk form looks at. */
  public static final int BULK_LIMIT = 100_000;

  private final Broker broker;
  private final EnvelopeCodec codec;
  private final TaskqConfig config;
  private final EventPublisher events;

  /** @param events told of each task that ends revoked here (one that had not started) */
  public Revoker(Broker broker, EnvelopeCodec codec, TaskqConfig config, EventPublisher events) {
    this.broker = broker;
    this.codec = codec;
    this.config = config;
    this.events = events;
  }

  /** See {@link io.taskq.TaskClient#revoke(io.taskq.TaskHandle, boolean)}. */
  public TaskState revoke(String queue, String id, boolean terminate) {
    StoredTask s = broker.find(queue, id).orElseThrow(() -> new TaskNotFoundException(queue, id));
    if (s.state().isFinal()) {
      return s.state();
    }
    TaskRecord record = record(s.envelope());
    Map<String, TaskState> out = broker.revoke(queue, List.of(new Revocation(id, record)),
        terminate, config.queue(queue).resultTtl());
    TaskState before = out.get(id);
    if (before == null) {
      throw new TaskNotFoundException(queue, id); // finished and forgotten meanwhile
    }
    revoked(queue, id, record, before);
    return before;
  }

  /** See {@link io.taskq.TaskClient#revokeAll}. */
  public Map<String, TaskState> revokeAll(String queue, String taskName) {
    Map<String, TaskState> out = new LinkedHashMap<>();
    for (String physical : PhysicalQueues.of(broker, config, queue)) {
      out.putAll(revokeAllIn(physical, taskName));
    }
    return out;
  }

  private Map<String, TaskState> revokeAllIn(String queue, String taskName) {
    List<Revocation> todo = new ArrayList<>();
    for (TaskState state : List.of(TaskState.PENDING, TaskState.SCHEDULED, TaskState.RETRY)) {
      for (String id : broker.admin().ids(queue, state, BULK_LIMIT)) {
        String env = broker.find(queue, id).map(StoredTask::envelope).orElse(null);
        TaskRecord r = record(env);
        if (r.taskName().equals(taskName)) {
          todo.add(new Revocation(id, r));
        }
      }
    }
    Map<String, TaskState> out = new LinkedHashMap<>();
    for (int from = 0; from < todo.size(); from += Broker.MAX_BATCH) {
      out.putAll(broker.revoke(queue, todo.subList(from, Math.min(todo.size(),
          from + Broker.MAX_BATCH)), false, config.queue(queue).resultTtl()));
    }
    for (Revocation r : todo) {
      TaskState before = out.get(r.id());
      if (before != null) {
        revoked(queue, r.id(), r.record(), before);
      }
    }
    return out;
  }

  /**
   * A {@code revoked} event for a task that ended here (it was waiting); an active one ends
   * later, and its worker reports it.
   */
  private void revoked(String queue, String id, TaskRecord record, TaskState before) {
    if (before == TaskState.PENDING || before == TaskState.SCHEDULED
        || before == TaskState.RETRY) {
      events.publish(io.taskq.spi.TaskEvent.Type.REVOKED, queue, record.taskName(), id,
          record.attempts(), record.error());
    }
  }

  /**
   * The REVOKED record of a task with this envelope (name "unknown" when it does not decode),
   * whose error says it was revoked while waiting to run.
   */
  private TaskRecord record(@Nullable String envelope) {
    TaskEnvelope env = null;
    if (envelope != null) {
      try {
        env = codec.decode(envelope);
      } catch (PayloadException e) {
        env = null;
      }
    }
    return new TaskRecord(TaskState.REVOKED,
        env == null ? TaskEnvelope.UNKNOWN_TASK : env.task(), env == null ? null : env.createdAt(),
        null, broker.now(), env == null ? 0 : env.retries(), null, REVOKED_BEFORE_IT_RAN);
  }
}
