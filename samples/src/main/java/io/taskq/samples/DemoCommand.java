package io.taskq.samples;

import io.taskq.Backoff;
import io.taskq.BrokerUnavailableException;
import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.cli.probe.ProbeTasks;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.inspect.ConnectedCommand;
import io.taskq.inspect.ExitCodes;
import io.taskq.samples.tasks.AuditEvent;
import io.taskq.samples.tasks.BackupDatabase;
import io.taskq.samples.tasks.ExportCsv;
import io.taskq.samples.tasks.RenderReport;
import io.taskq.samples.tasks.SampleTasks;
import io.taskq.samples.tasks.SendEmail;
import io.taskq.samples.tasks.SlaCheck;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskq demo}: finds a broker (the given Redis, else one on 127.0.0.1:6379, else a
 * throwaway {@code redis-server}, else the embedded broker), runs a worker over the six sample
 * queues, submits sample and probe tasks (some fail, retry and dead-letter on purpose), shows
 * progress and a summary per queue. In Redis it works in a database of its own
 * ({@link DemoDatabase}) and removes what it wrote unless {@code --keep}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs a worker over the six sample queues, submits sample and probe tasks and"
        + " prints what happened to them.")
public final class DemoCommand extends ConnectedCommand {
  static final List<String> QUEUES =
      List.of("email", "reports", "exports", "analytics", "backup", "default");
  /** Retry delays of the demo, so retries and dead letters happen while you watch. */
  static final Duration DEMO_BACKOFF = Duration.ofMillis(300);

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2M",
      description = "give up when the tasks are not all finished by then (default: 2m)")
  Duration timeout;

  @Option(names = "--keep",
      description = "keep the demo's tasks in Redis at the end (default: remove what it wrote)")
  boolean keep;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    TaskqConfig config = demoConfig();
    Optional<ThrowawayRedis> throwaway = Optional.empty();
    Broker broker;
    if (redisGiven() || isMemory(config)) {
      broker = BrokerFactory.open(config.redis());
    } else {
      broker = tryOpen(config.redis(), Duration.ofSeconds(1)).orElse(null);
      if (broker == null) {
        throwaway = ThrowawayRedis.start();
        if (throwaway.isPresent()) {
          config = config.withRedis(config.redis()
              .withUrl(DemoDatabase.url(throwaway.get().url())));
          broker = awaitStarted(config.redis(), throwaway.get());
        }
      }
      if (broker == null) {
        out.println("No Redis reachable and no redis-server to start: using the embedded"
            + " in-memory broker");
        config = config.withRedis(config.redis().withUrl(BrokerFactory.MEMORY_URL));
        broker = BrokerFactory.open(config.redis());
      }
    }
    try (Broker b = broker; ProbeRecorder recorder = ProbeRecorder.forUrl(config.redis());
         DemoDatabase db = isMemory(config) ? null : DemoDatabase.claim(config.redis())) {
      out.println("Broker: " + describe(config, throwaway.isPresent(), db));
      out.println("Some tasks fail on purpose (probe.fail always, probe.flaky once, an email to"
          + " \"not-an-address\"): the retries and dead letters below are deliberate.");
      int code = run(b, config, recorder, out);
      if (db != null && keep) {
        out.println("Kept the demo's tasks in " + db.describe() + " (--keep): see them with"
            + " bin/taskq inspect stats --redis " + config.redis().redactedUrl());
      } else if (db != null) {
        out.println("Removed the demo's " + db.clean() + " keys from " + db.describe()
            + " (--keep keeps them)");
      }
      return code;
    } finally {
      throwaway.ifPresent(ThrowawayRedis::close);
    }
  }

  private static boolean isMemory(TaskqConfig config) {
    return config.redis().url().startsWith(BrokerFactory.MEMORY_URL);
  }

  private int run(Broker broker, TaskqConfig config, ProbeRecorder recorder, PrintWriter out)
      throws InterruptedException {
    DemoProgress progress = new DemoProgress(QUEUES);
    Worker worker = Worker.builder().broker(broker).config(config).queues(QUEUES)
        .module(new SampleTasks()).module(new ProbeTasks(recorder)).listener(progress).build();
    try (worker; TaskClient client = TaskClient.create(broker, config)) {
      worker.start();
      int submitted = submit(client);
      out.printf("Worker %s on %d queues; submitted %d tasks (retry delays shortened to %d ms"
          + " for the demo)%n", worker.id(), QUEUES.size(), submitted, DEMO_BACKOFF.toMillis());
      out.flush();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (progress.finished() < submitted && System.nanoTime() < deadline) {
        Thread.sleep(500);
        out.println("  " + progress.line(submitted));
        out.flush();
      }
      out.println();
      out.print(progress.table());
      out.flush();
      if (progress.finished() < submitted) {
        spec.commandLine().getErr().println("taskq: demo: only " + progress.finished() + " of "
            + submitted + " tasks finished within " + timeout);
        return ExitCodes.FAILED;
      }
      return ExitCodes.OK;
    }
  }

  /** A mix per queue: its sample task, quick probes, two flaky ones and one that always fails. */
  private static int submit(TaskClient client) {
    int n = 0;
    n += client.submitAll(SendEmail.TASK, List.of(
        new SendEmail("ada@example.com", "Welcome", "Hello Ada"),
        new SendEmail("alan@example.com", "Password reset", "Your link"),
        new SendEmail("not-an-address", "Bounce", "never sent")), TaskOptions.DEFAULT).size();
    n += client.submitAll(RenderReport.TASK, List.of(new RenderReport("weekly-kpi", "pdf"),
        new RenderReport("churn", "html")), TaskOptions.DEFAULT).size();
    n += client.submitAll(ExportCsv.TASK, List.of(new ExportCsv("orders", 5000),
        new ExportCsv("users", 1200)), TaskOptions.DEFAULT).size();
    n += client.submitAll(SlaCheck.TASK, List.of(new SlaCheck(5), new SlaCheck(60)),
        TaskOptions.DEFAULT).size();
    n += client.submitAll(BackupDatabase.TASK, List.of(new BackupDatabase("billing")),
        TaskOptions.DEFAULT).size();
    n += client.submitAll(AuditEvent.TASK, List.of(new AuditEvent("ada", "login"),
        new AuditEvent("alan", "export")), TaskOptions.DEFAULT).size();
    for (String q : QUEUES) {
      TaskOptions on = TaskOptions.builder().queue(q).build();
      n += submitMany(client, ProbeTasks.NOOP, new ProbeTasks.Args(0, 0), 5, on);
      n += submitMany(client, ProbeTasks.SLEEP, new ProbeTasks.Args(200, 0), 2, on);
      n += submitMany(client, ProbeTasks.FLAKY, new ProbeTasks.Args(0, 1), 2, on);
      n += submitMany(client, ProbeTasks.FAIL, new ProbeTasks.Args(0, 0), 1, on);
    }
    return n;
  }

  private static <P> int submitMany(TaskClient client, TaskDefinition<P> task, P args, int count,
      TaskOptions options) {
    return client.submitAll(task, java.util.Collections.nCopies(count, args), options).size();
  }

  /** The sample queues' policies (or the given file's), with short retry delays. */
  private TaskqConfig demoConfig() {
    TaskqConfig c = loader().fallback("taskq.yaml (bundled sample)", bundledConfig()).load();
    if (!isMemory(c)) {
      c = c.withRedis(c.redis().withUrl(DemoDatabase.url(c.redis().url())));
    }
    c = c.withWorker(new WorkerConfig(c.worker().shutdownGrace(), false));
    for (String q : QUEUES) {
      QueueConfig qc = c.queue(q);
      c = c.withQueue(qc.toBuilder().retry(qc.retry().toBuilder()
          .backoff(Backoff.fixed(DEMO_BACKOFF)).build()).build());
    }
    return c;
  }

  private static String bundledConfig() {
    try (InputStream in = DemoCommand.class.getResourceAsStream("taskq.yaml")) {
      if (in == null) {
        return "";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Optional<Broker> tryOpen(RedisConfig redis, Duration timeout) {
    try {
      return Optional.of(BrokerFactory.open(redis.withTimeouts(timeout, timeout)));
    } catch (BrokerUnavailableException e) {
      return Optional.empty();
    }
  }

  /** The broker once the server answers; null when it does not within 10 s (then closed). */
  private static @Nullable Broker awaitStarted(RedisConfig redis, ThrowawayRedis server)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.isAlive() && System.nanoTime() < deadline) {
      Optional<Broker> b = tryOpen(redis, Duration.ofSeconds(1));
      if (b.isPresent()) {
        return b.get();
      }
      Thread.sleep(50);
    }
    server.close();
    return null;
  }

  private static String describe(TaskqConfig config, boolean throwaway,
      @Nullable DemoDatabase db) {
    String url = config.redis().redactedUrl();
    if (db == null) {
      return "embedded in-memory broker";
    }
    return "Redis at " + url + ", " + db.describe() + ", the demo's own"
        + (throwaway ? " (a throwaway redis-server, stopped at the end)" : "");
  }
}
