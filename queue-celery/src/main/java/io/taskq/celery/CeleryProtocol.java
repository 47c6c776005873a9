package io.taskq.celery;

import io.taskq.TaskClient;
import io.taskq.TaskModule;
import io.taskq.celery.internal.CeleryModules;
import io.taskq.celery.internal.CeleryRedis;
import io.taskq.celery.internal.Intake;
import io.taskq.celery.internal.ResultMeta;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.worker.WorkerProtocol;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code taskq worker --protocol celery}: the worker serves Celery queues on the same Redis.
 * Messages sent by Python's {@code send_task}/{@code apply_async} move from Celery's lists into
 * the taskq queue of the same name (then leased, fenced, retried and dead-lettered by taskq);
 * each registered handler runs under its task name with Celery's args/kwargs bound to its payload
 * ({@link CeleryArgs} or a record), and its outcome is stored as Celery's result meta, so Python's
 * {@code AsyncResult.get()} returns it. Embedding applications use the same two steps around
 * their own {@code Worker}: {@link #adapt} the modules, {@link #start} the intake.
 *
 * <p>One instance serves one worker; {@link #start}'s handle releases its Redis connection.
 */
public final class CeleryProtocol implements WorkerProtocol {
  private final InstantSource clock;
  private @Nullable CeleryRedis redis;
  private @Nullable TaskqConfig config;

  /** For {@link java.util.ServiceLoader}. */
  public CeleryProtocol() {
    this(InstantSource.system());
  }

  CeleryProtocol(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "celery";
  }

  @Override
  public List<TaskModule> adapt(List<TaskModule> modules, TaskqConfig config) {
    this.config = config;
    return CeleryModules.adapt(modules, config,
        (id, meta) -> redis().storeResult(id, meta, ResultMeta.TTL_SECONDS), clock);
  }

  @Override
  public AutoCloseable start(Broker broker, TaskqConfig config, List<String> queues,
      Set<String> taskNames) {
    this.config = config;
    TaskClient client = TaskClient.create(broker, config);
    Intake intake = new Intake(redis(), client, queues, taskNames).start();
    return () -> {
      intake.close();
      client.close();
      closeRedis();
    };
  }

  private synchronized CeleryRedis redis() {
    CeleryRedis r = redis;
    if (r == null) {
      TaskqConfig c = config;
      if (c == null) {
        throw new IllegalStateException("CeleryProtocol: adapt() or start() first");
      }
      r = CeleryRedis.connect(c.redis());
      redis = r;
    }
    return r;
  }

  private synchronized void closeRedis() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }
}
