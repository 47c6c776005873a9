package io.taskq.spring.internal;

import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.internal.DefaultTaskClient;
import io.taskq.internal.TaskIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.MDC;
import org.springframework.util.ClassUtils;

/**
 * Submits that wait for the commit of the calling thread's Spring transaction, or run at once
 * when there is none (or spring-tx is not on the class path). The id of a held task and the
 * correlation id of the MDC are fixed at the call, so the caller's handle names the task the
 * commit enqueues.
 */
public final class HeldSubmits {
  private static final boolean TRANSACTIONS = ClassUtils.isPresent(
      "org.springframework.transaction.support.TransactionSynchronizationManager",
      HeldSubmits.class.getClassLoader());

  private final TaskClient client;

  private HeldSubmits(TaskClient client) {
    this.client = client;
  }

  /** Submits through {@code client}. */
  public static HeldSubmits create(TaskClient client) {
    return new HeldSubmits(Objects.requireNonNull(client, "client"));
  }

  private static boolean holding() {
    return TRANSACTIONS && AfterCommit.inTransaction();
  }

  /** {@link TaskClient#submit(TaskDefinition, Object, TaskOptions)} after the commit. */
  public <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload,
      TaskOptions options) {
    if (!holding()) {
      return client.submit(definition, payload, options);
    }
    TaskOptions merged = options.mergedOver(definition.defaults());
    String queue = merged.queue() != null ? merged.queue() : definition.queue();
    TaskOptions o = planned(options);
    return hold(definition.name(), queue, o, () -> client.submit(definition, payload, o));
  }

  /** {@link TaskClient#submitJson} after the commit. */
  public TaskHandle<Object> submitJson(String taskName, String argsJson, TaskOptions options) {
    if (!holding()) {
      return client.submitJson(taskName, argsJson, options);
    }
    String queue = options.queue() != null ? options.queue() : TaskDefinition.DEFAULT_QUEUE;
    TaskOptions o = planned(options);
    return hold(taskName, queue, o, () -> client.submitJson(taskName, argsJson, o));
  }

  /**
   * {@link TaskClient#submitAll} after the commit: each task is held on its own, with its own id,
   * and enqueued with one broker call of its own at the commit.
   */
  public <P> List<TaskHandle<Object>> submitAll(TaskDefinition<P> definition,
      List<? extends P> payloads, TaskOptions options) {
    if (!holding()) {
      return client.submitAll(definition, payloads, options);
    }
    requireBatchOptions(options);
    List<TaskHandle<Object>> handles = new ArrayList<>(payloads.size());
    for (P payload : payloads) {
      handles.add(submit(definition, payload, options));
    }
    return handles;
  }

  /** {@link TaskClient#submitAllJson} after the commit, each task held on its own. */
  public List<TaskHandle<Object>> submitAllJson(String taskName, List<String> argsJson,
      TaskOptions options) {
    if (!holding()) {
      return client.submitAllJson(taskName, argsJson, options);
    }
    requireBatchOptions(options);
    List<TaskHandle<Object>> handles = new ArrayList<>(argsJson.size());
    for (String args : argsJson) {
      handles.add(submitJson(taskName, args, options));
    }
    return handles;
  }

  private TaskHandle<Object> hold(String taskName, String queue, TaskOptions o,
      Runnable submit) {
    String id = Objects.requireNonNull(o.id());
    AfterCommit.hold(new AfterCommit.Submit() {
      @Override
      public void run() {
        submit.run();
      }

      @Override
      public String toString() {
        return "task " + taskName + " (queue " + queue + ", id " + id + ")";
      }
    });
    return client.handle(id, queue, Object.class);
  }

  /** The options with the task's id, and the MDC's correlation id, fixed now. */
  private static TaskOptions planned(TaskOptions options) {
    TaskOptions.Builder b = options.toBuilder();
    if (options.id() == null) {
      b.id(TaskIds.next());
    }
    String cid = MDC.get(DefaultTaskClient.MDC_CORRELATION_ID);
    if (options.correlationId() == null && cid != null && !cid.isBlank()) {
      b.correlationId(cid);
    }
    return b.build();
  }

  private static void requireBatchOptions(TaskOptions options) {
    if (options.id() != null) {
      throw new IllegalArgumentException("a batch submission does not take a caller-supplied id");
    }
    if (options.uniqueKey() != null) {
      throw new IllegalArgumentException("a batch submission does not take a unique key (its"
          + " tasks would share it); submit them one by one, each with its own key");
    }
  }
}
