package io.taskq.samples.celery;

import io.taskq.RetryLaterException;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.celery.CeleryArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tasks of the Celery peer app {@code celery_worker_app.py}, under the same names and with
 * the same behaviour, so that Python code calling {@code send_task("tasks.add", ...)} gets the
 * same results from a taskq worker ({@code --protocol celery}) as from a {@code celery worker}.
 * The queue is the one the Celery message was sent to, so the definitions name none.
 */
public final class CeleryPeerTasks implements TaskModule {
  /** {@code add(x, y) -> x + y}. */
  public record Add(long x, long y) {
    public static final TaskDefinition<Add> TASK =
        TaskDefinition.of("tasks.add", Add.class);
  }

  /** {@code fail_once(value)}: retries once after 1 s, then returns {@code value}. */
  public record FailOnce(String value) {
    public static final TaskDefinition<FailOnce> TASK =
        TaskDefinition.of("tasks.fail_once", FailOnce.class);
  }

  /** {@code boom(message)}: always fails with ValueError(message). */
  public record Boom(String message) {
    public static final TaskDefinition<Boom> TASK =
        TaskDefinition.of("tasks.boom", Boom.class);
  }

  /** {@code sleep(seconds) -> seconds}, after sleeping. */
  public record Sleep(double seconds) {
    public static final TaskDefinition<Sleep> TASK =
        TaskDefinition.of("tasks.sleep", Sleep.class);
  }

  /** {@code echo(*args, **kwargs) -> {"args": [...], "kwargs": {...}}}. */
  public static final TaskDefinition<CeleryArgs> ECHO =
      TaskDefinition.of("tasks.echo", CeleryArgs.class);

  @Override
  public void register(TaskRegistry registry) {
    registry.register(Add.TASK, (a, ctx) -> a.x() + a.y());
    registry.register(ECHO, (e, ctx) -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("args", e.args());
      out.put("kwargs", e.kwargs());
      return out;
    });
    registry.register(FailOnce.TASK, (f, ctx) -> {
      if (ctx.retries() == 0) { // Celery: self.request.retries == 0 -> self.retry(countdown=1)
        throw new RetryLaterException(Duration.ofSeconds(1));
      }
      return f.value();
    });
    registry.register(Boom.TASK, (b, ctx) -> {
      throw new IllegalArgumentException(b.message()); // Python's ValueError
    });
    registry.register(Sleep.TASK, (s, ctx) -> {
      Thread.sleep(Math.round(s.seconds() * 1000));
      return s.seconds();
    });
  }
}
