package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.SkipRetryException;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.EnvelopeCodec;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves registered handlers under the Celery protocol: each task keeps its name and queue, its
 * payload becomes a {@link CeleryCall} bound to the handler's payload type when it runs, and one
 * more task, {@value #REJECTED}, carries the messages that cannot run to the DLQ.
 */
public final class CeleryModules {
  /** The task a message taskq cannot run becomes: its arguments keep the raw message. */
  public static final String REJECTED = "celery.rejected";

  private CeleryModules() {}

  public static List<TaskModule> adapt(List<TaskModule> modules, TaskqConfig config,
      ResultStore results, InstantSource clock) {
    ArgsBinder binder = new ArgsBinder(new EnvelopeCodec(config.maxPayload()));
    List<TaskModule> adapted = new ArrayList<>(modules.size() + 1);
    for (TaskModule m : modules) {
      adapted.add(registry -> m.register(new TaskRegistry() {
        @Override
        public <P> TaskRegistry register(TaskDefinition<P> d, TaskHandler<P> handler) {
          TaskDefinition<ObjectNode> call = new TaskDefinition<>(d.name(), ObjectNode.class,
              d.queue(), d.defaults(), d.retry());
          registry.register(call, new CeleryHandler<>(d, handler, results, binder, config, clock));
          return this;
        }
      }));
    }
    adapted.add(registry -> registry.register(
        TaskDefinition.of(REJECTED, ObjectNode.class),
        (TaskHandler<ObjectNode>) (json, ctx) -> rejected(json, results, clock)));
    return adapted;
  }

  /**
   * Stores the FAILURE Celery's client waits for (when the message had a readable id) and
   * dead-letters the task with the reason.
   */
  private static Object rejected(ObjectNode json, ResultStore results, InstantSource clock) {
    Rejected r = Rejected.of(json);
    if (r.celeryId() != null) {
      CeleryException e = r.notRegistered() != null
          ? new CeleryException("NotRegistered", "celery.exceptions",
              List.of(r.notRegistered()), null)
          : new CeleryException("InvalidTaskError", "celery.exceptions", List.of(r.reason()),
              null);
      CeleryCall.Headers none = new CeleryCall.Headers(0, null, null, null, null, null, false);
      results.store(r.celeryId(), ResultMeta.failure(r.celeryId(), e, none, clock.instant()));
    }
    throw new SkipRetryException(r.reason());
  }
}
