package io.taskq.otel;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.taskq.SubmitInterceptor.Submission;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task's headers as an OpenTelemetry propagation carrier: {@link #SETTER} writes into a
 * {@link Submission} at submit, {@link #GETTER} reads {@link io.taskq.TaskContext#headers()} in
 * the worker. For code that extracts or injects a context itself, e.g.
 * {@code propagator.extract(Context.current(), ctx.headers(), TaskHeaders.GETTER)}.
 */
public final class TaskHeaders {
  /** Reads a header of a task (its name as written, case-sensitive). */
  public static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> headers) {
      return headers.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> headers, String key) {
      return headers == null ? null : headers.get(key);
    }
  };

  /** Adds a header to a task being submitted. */
  public static final TextMapSetter<Submission> SETTER = (submission, key, value) -> {
    if (submission != null) {
      submission.header(key, value);
    }
  };

  private TaskHeaders() {}
}
