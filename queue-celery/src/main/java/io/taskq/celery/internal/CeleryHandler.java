package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.PayloadException;
import io.taskq.RetryLaterException;
import io.taskq.RetryPolicy;
import io.taskq.SkipRetryException;
import io.taskq.TaskContext;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.config.TaskqConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs a registered handler for a Celery task and stores its result meta as Celery does:
 * SUCCESS with the value; FAILURE with the exception (and the task dead-lettered: Celery does not
 * retry failures unless asked); RETRY, then the taskq retry, when the handler throws
 * {@link RetryLaterException} (Celery's {@code self.retry(countdown=...)}), FAILURE
 * {@code MaxRetriesExceededError} past the retry limit; REVOKED when the task expired before it
 * ran. Nothing is stored for {@code ignore_result}, nor when the worker stops the attempt
 * (shutdown, lost lease: the task runs again).
 */
final class CeleryHandler<P> implements TaskHandler<ObjectNode> {
  private final TaskDefinition<P> definition;
  private final TaskHandler<P> handler;
  private final ResultStore results;
  private final ArgsBinder binder;
  private final TaskqConfig config;
  private final InstantSource clock;

  CeleryHandler(TaskDefinition<P> definition, TaskHandler<P> handler, ResultStore results,
      ArgsBinder binder, TaskqConfig config, InstantSource clock) {
    this.definition = definition;
    this.handler = handler;
    this.results = results;
    this.binder = binder;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public @Nullable Object handle(ObjectNode json, TaskContext ctx) throws Exception {
    CeleryCall call = CeleryCall.of(json, ctx.queue(), ctx.id(), ctx.taskName());
    int retries = call.celery().retries() + ctx.retries();
    CeleryCall.Headers h = call.celery();
    if (retries > 0 && h.parentId() == null) {
      // Celery re-sends a retry with parent_id = the task's own id; its final meta carries it
      h = new CeleryCall.Headers(h.retries(), h.eta(), h.expires(), ctx.id(), h.rootId(),
          h.group(), h.ignoreResult());
    }
    Instant expires = h.expires() == null ? null
        : CeleryJson.parseTime(CeleryJson.MAPPER.getNodeFactory().textNode(h.expires()),
            "expires");
    if (expires != null && clock.instant().isAfter(expires)) {
      store(h, ResultMeta.revoked(ctx.id(), "expired", h, clock.instant()), ctx.id());
      return null;
    }
    P payload;
    try {
      payload = binder.bind(definition.payloadType(), call, ctx.queue(), ctx.id(),
          ctx.taskName());
    } catch (ArgsBinder.ArgsException | PayloadException e) {
      String message = e.getMessage() == null ? "arguments do not bind" : e.getMessage();
      fail(h, ctx, new CeleryException("TypeError", "builtins", List.of(message), null));
      throw new SkipRetryException(message, e);
    }
    Object result;
    try {
      result = handler.handle(payload, new CeleryContext(ctx, retries));
    } catch (RetryLaterException e) {
      int max = retry(ctx.queue()).maxRetries();
      if (ctx.retries() >= max) {
        fail(h, ctx, new CeleryException("MaxRetriesExceededError", "celery.exceptions",
            List.of("Can't retry " + ctx.taskName() + "[" + ctx.id() + "] args:... kwargs:..."),
            null));
        throw new SkipRetryException("Celery retry asked past maxRetries " + max, e);
      }
      store(h, ResultMeta.retry(ctx.id(), "celery.exceptions.Retry: Retry in "
          + e.delay().toMillis() / 1000.0 + "s\n", h), ctx.id());
      throw e;
    } catch (InterruptedException e) {
      throw e; // stopped by the worker: the task runs again or its outcome is the worker's
    } catch (Exception e) {
      if (ctx.isShuttingDown()) {
        throw e;
      }
      fail(h, ctx, CeleryException.of(e));
      throw new SkipRetryException(e.getClass().getName() + ": " + e.getMessage(), e);
    }
    JsonNode value = result == null ? null : CeleryJson.MAPPER.valueToTree(result);
    store(h, ResultMeta.success(ctx.id(), value, h, clock.instant()), ctx.id());
    return result;
  }

  private RetryPolicy retry(String queue) {
    RetryPolicy own = definition.retry();
    return own != null ? own : config.queue(queue).retry();
  }

  private void fail(CeleryCall.Headers h, TaskContext ctx, CeleryException e) {
    store(h, ResultMeta.failure(ctx.id(), e, h, clock.instant()), ctx.id());
  }

  private void store(CeleryCall.Headers h, String meta, String id) {
    if (!h.ignoreResult()) {
      results.store(id, meta);
    }
  }
}
