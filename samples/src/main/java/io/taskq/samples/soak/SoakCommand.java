package io.taskq.samples.soak;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskState;
import io.taskq.config.AlertsConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.config.WorkerConfig;
import io.taskq.inspect.ConnectedCommand;
import io.taskq.inspect.DurationOption;
import io.taskq.inspect.ExitCodes;
import io.taskq.samples.soak.RedisMemory.Snapshot;
import io.taskq.samples.soak.SoakReport.Sample;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.worker.Outcome;
import io.taskq.worker.Worker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code taskq soak}: submits numbered no-op tasks over a few queues while in-process workers run
 * them, prints a line of figures every interval, drains, and reports lost and duplicated tasks,
 * heap, RSS and Redis memory. Exit 0 when nothing was lost, 1 otherwise.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Submits numbered no-op tasks while in-process workers run them, until --tasks"
        + " are submitted or --duration elapses; then drains and reports lost and duplicated"
        + " tasks, throughput, heap, RSS and Redis memory. Exit 0 when nothing was lost, 1 when"
        + " something was. SIGINT/SIGTERM stops submitting and drains; a second one stops"
        + " draining.")
public final class SoakCommand extends ConnectedCommand {
  static final String TASK_NAME = "soak.noop";
  private static final long MAX_TASKS = 100_000_000L;

  @Option(names = "--tasks", paramLabel = "N", defaultValue = "1000000",
      description = "stop submitting after N tasks (default: ${DEFAULT-VALUE})")
  long tasks;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10m",
      converter = DurationOption.class,
      description = "stop submitting after this long, e.g. 90s, 10m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--rate", paramLabel = "TASKS_PER_S", defaultValue = "0",
      description = "steady submission rate; 0 = flat out (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--queues", paramLabel = "N", defaultValue = "3",
      description = "spread over queues soak-1 .. soak-N (default: ${DEFAULT-VALUE})")
  int queueCount;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "in-process workers, each with its own broker connections"
          + " (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "16",
      description = "tasks per queue per worker at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
      description = "tasks per submitAll call (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--max-backlog", paramLabel = "N", defaultValue = "100000",
      description = "hold submissions back while more than N submitted tasks have not run"
          + " (default: ${DEFAULT-VALUE})")
  long maxBacklog;

  @Option(names = "--task-time", paramLabel = "DURATION", defaultValue = "0ms",
      converter = DurationOption.class,
      description = "how long each task takes: sleeps, or spins with --spin"
          + " (default: ${DEFAULT-VALUE})")
  Duration taskTime;

  @Option(names = "--spin", description = "spend --task-time on the CPU instead of sleeping")
  boolean spin;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationOption.class,
      description = "print a line of figures this often (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "2m",
      converter = DurationOption.class,
      description = "after submitting, wait this long at most for every task to finish;"
          + " unfinished ones count as lost (default: ${DEFAULT-VALUE})")
  Duration drainTimeout;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the summary as JSON")
  @Nullable Path json;

  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final AtomicInteger signals = new AtomicInteger(); // one handler thread per signal

  @Override
  public Integer call() throws Exception {
    validate();
    List<String> queues = IntStream.rangeClosed(1, queueCount).mapToObj(i -> "soak-" + i)
        .toList();
    TaskqConfig config = soakConfig(queues);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, new LongAdder());
    }
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      Optional<RedisMemory> redis = RedisMemory.open(config.redis());
      try {
        return run(config, queues, runId, broker, client, redis.orElse(null));
      } finally {
        redis.ifPresent(RedisMemory::close);
      }
    }
  }

  private int run(TaskqConfig config, List<String> queues, String runId, Broker broker,
      TaskClient client, @Nullable RedisMemory redis) throws Exception {
    PrintWriter out = out();
    Inspector inspector = Inspector.create(broker, config);
    for (String q : queues) {
      for (TaskState s : List.of(TaskState.PENDING, TaskState.SCHEDULED, TaskState.RETRY,
          TaskState.DEAD)) {
        inspector.purge(q, s);
      }
    }
    Snapshot before = redis == null ? null : redis.snapshot(queues);
    SoakLedger ledger = new SoakLedger(tasks);
    TaskDefinition<SoakTask> task = TaskDefinition.of(TASK_NAME, SoakTask.class)
        .withQueue(queues.getFirst());
    List<Broker> workerBrokers = new ArrayList<>();
    List<Worker> running = new ArrayList<>();
    ProcessMemory memory = new ProcessMemory();
    long t0 = System.nanoTime();
    SoakSubmitter submitter = new SoakSubmitter(client, task, runId, queues, batch, rate,
        maxBacklog, tasks, t0 + duration.toNanos(), ledger);
    try {
      for (int i = 0; i < workers; i++) {
        Broker b = BrokerFactory.open(config.redis());
        workerBrokers.add(b);
        running.add(Worker.builder().broker(b).config(config).queues(queues)
            .concurrency(concurrency).listener((q, name, outcome, d) -> // all put above
                Objects.requireNonNull(outcomes.get(outcome)).increment())
            .register(task, (payload, ctx) -> {
              work();
              if (payload.run().equals(runId)) {
                ledger.ran(payload.seq());
              } else {
                ledger.foreign();
              }
              return null;
            }).build().start());
      }
      handleSignals(submitter);
      out.printf("soak %s: up to %d tasks for up to %s over %s, %d worker(s) x %d per queue,"
          + " Redis %s%n", runId, tasks, text(duration), queues, workers, concurrency,
          config.redis().redactedUrl());
      SoakReport.header(out);
      Thread submitThread = Thread.ofPlatform().name("soak-submit").start(submitter);
      SoakWatch.Progress p = new SoakWatch(out, inspector, queues, ledger, submitter, memory,
          redis, interval, drainTimeout, () -> signals.get() >= 2).run(submitThread, t0);
      submitter.stop();
      submitThread.join();
      closeAll(running);
      running.clear();
      workerBrokers.forEach(Broker::close);
      workerBrokers.clear();
      Map<String, Long> left = left(inspector, queues);
      Snapshot after = redis == null ? null : redis.snapshot(queues);
      SoakReport.Summary summary = summary(config, queues, runId, ledger, submitter, memory, p,
          left, before, after, t0);
      SoakReport.summary(out, summary);
      if (json != null) {
        SoakReport.writeJson(json, summary);
      }
      return summary.lost() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    } finally {
      submitter.stop();
      running.forEach(Worker::close);
      workerBrokers.forEach(Broker::close);
    }
  }

  /** Stops the workers side by side (each may wait for its blocking fetches to return). */
  private static void closeAll(List<Worker> workers) throws InterruptedException {
    List<Thread> closing = workers.stream()
        .map(w -> Thread.ofPlatform().name("soak-stop-" + w.id()).start(w::close)).toList();
    for (Thread t : closing) {
      t.join();
    }
  }

  /** What is still in the soak queues, per state. */
  private static Map<String, Long> left(Inspector inspector, List<String> queues) {
    Map<String, Long> left = new LinkedHashMap<>();
    for (String q : queues) {
      QueueStats s = inspector.stats(q);
      left.merge("pending", s.pending(), Long::sum);
      left.merge("active", s.active(), Long::sum);
      left.merge("scheduled", s.scheduled(), Long::sum);
      left.merge("retry", s.retry(), Long::sum);
      left.merge("dead", s.dead(), Long::sum);
    }
    return left;
  }

  private SoakReport.Summary summary(TaskqConfig config, List<String> queues, String runId,
      SoakLedger ledger, SoakSubmitter submitter, ProcessMemory memory, SoakWatch.Progress p,
      Map<String, Long> left, @Nullable Snapshot before, @Nullable Snapshot after, long t0) {
    long submitted = submitter.submitted();
    double submitS = (submitter.finishedAtNanos() - t0) / 1e9;
    double processS = (p.lastCompletionNanos() - t0) / 1e9;
    long completed = ledger.completed();
    double[] steady = p.samples().stream().filter(s -> s.phase().equals("submit"))
        .mapToDouble(Sample::throughput).toArray();
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    outcomes.forEach((o, n) -> byOutcome.put(o.tag(), n.sum()));
    long lost = ledger.lost(submitted);
    SoakReport.Settings settings = new SoakReport.Settings(tasks, duration.toMillis() / 1e3,
        rate, queues, workers, concurrency, batch, maxBacklog, taskTime.toNanos() / 1e6, spin,
        interval.toMillis() / 1e3, drainTimeout.toMillis() / 1e3, config.redis().redactedUrl());
    return new SoakReport.Summary(settings, runId, (System.nanoTime() - t0) / 1e9, submitS,
        processS, submitted, completed, ledger.duplicates(), lost,
        lost == 0 ? List.of() : ledger.lostSample(submitted, 20), ledger.foreignRuns(),
        byOutcome, submitter.failedCalls(), p.drained(), left,
        submitS > 0 ? submitted / submitS : 0, processS > 0 ? completed / processS : 0,
        steady.length == 0 ? 0 : Arrays.stream(steady).min().orElse(0),
        steady.length == 0 ? 0 : Arrays.stream(steady).max().orElse(0),
        ProcessMemory.heapLimit(), memory.maxHeap(), memory.maxRss(),
        new SoakReport.Redis(before, after, before == null || after == null ? 0
            : after.usedMemory() - before.usedMemory()),
        p.samples());
  }

  /** The task's own time: nothing, a sleep, or a busy spin. */
  private void work() throws InterruptedException {
    if (taskTime.isZero()) {
      return;
    }
    if (!spin) {
      Thread.sleep(taskTime);
      return;
    }
    long end = System.nanoTime() + taskTime.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /**
   * The configuration with the soak queues, outcome logging and alerts off, and no records of
   * finished tasks ({@code resultTtl: 0}): the soak checks that a drained queue keeps nothing per
   * task, and a record per task for a day would hide a leak (their cost is in configuration.md).
   */
  private TaskqConfig soakConfig(List<String> queues) {
    TaskqConfig c = config();
    c = c.withWorker(new WorkerConfig(c.worker().shutdownGrace(), false))
        .withAlerts(AlertsConfig.OFF);
    for (String q : queues) {
      c = c.withQueue(c.queue(q).toBuilder().resultTtl(java.time.Duration.ZERO).build());
    }
    return c;
  }

  /** First SIGINT/SIGTERM: stop submitting and drain; second: stop draining. */
  private void handleSignals(SoakSubmitter submitter) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> {
          signals.incrementAndGet();
          submitter.stop();
        });
      } catch (IllegalArgumentException e) {
        // not on this platform: the run ends by count or duration only
      }
    }
  }

  private void validate() {
    require(tasks >= 1 && tasks <= MAX_TASKS, "--tasks must be 1 to " + MAX_TASKS + ", was "
        + tasks);
    require(!duration.isNegative() && !duration.isZero(), "--duration must be > 0");
    require(rate >= 0, "--rate must be >= 0, was " + rate);
    require(queueCount >= 1 && queueCount <= 16, "--queues must be 1 to 16, was " + queueCount);
    require(workers >= 1 && workers <= 64, "--workers must be 1 to 64, was " + workers);
    require(concurrency >= 1, "--concurrency must be >= 1, was " + concurrency);
    require(batch >= 1 && batch <= 100_000, "--batch must be 1 to 100000, was " + batch);
    require(maxBacklog >= batch, "--max-backlog must be >= --batch (" + batch + "), was "
        + maxBacklog);
    require(!taskTime.isNegative(), "--task-time must be >= 0");
    require(interval.toMillis() >= SoakWatch.TICK_MS, "--interval must be >= "
        + SoakWatch.TICK_MS + "ms");
    require(!drainTimeout.isNegative(), "--drain-timeout must be >= 0");
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
