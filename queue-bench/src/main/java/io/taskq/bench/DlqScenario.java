package io.taskq.bench;

import io.taskq.DeadFilter;
import io.taskq.DeadLetterPolicy;
import io.taskq.Inspector;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.TaskInfos;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskq bench dlq}: how long an operator waits for a page of a large DLQ. Fills the DLQ,
 * then times the listings {@code taskq dlq list} runs: the first page, a deep page, and filters
 * that match few tasks; and, for comparison, the read of one page with one lookup per task (what
 * the inspector did before it read pages).
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Fills the DLQ with N dead tasks (1 in 100 of another task name), then times"
        + " listing a page of them: first page, deep offset, filters, and the reads before pages"
        + " (one lookup per task).")
final class DlqScenario extends Scenario {
  private static final String OTHER = "bench.other";

  @Option(names = {"-n", "--tasks"}, paramLabel = "N", defaultValue = "100000",
      description = "dead tasks (default 100000)")
  int tasks;

  @Option(names = "--page", paramLabel = "N", defaultValue = "100",
      description = "tasks per listing (default 100, as taskq dlq list)")
  int page;

  @Option(names = "--repeat", paramLabel = "R", defaultValue = "30",
      description = "timed reads per case (default 30; the slow cases 5)")
  int repeat;

  @Override
  String name() {
    return "dlq";
  }

  @Override
  void validate() {
    atLeast("--tasks", tasks, 1);
    atLeast("--page", page, 1);
    atLeast("--repeat", repeat, 1);
  }

  @Override
  void run(TaskqConfig config, Report report) throws Exception {
    report.parameter("tasks", tasks).parameter("page", page).parameter("repeat", repeat);
    try (BenchRun run = BenchRun.open(config, queue(), 1)) {
      long t0 = System.nanoTime();
      fillDead(run);
      report.parameter("fillSeconds", Report.round(secondsSince(t0, System.nanoTime()), 1));
      Inspector inspector = run.inspector();
      Broker broker = run.broker();
      String q = queue();
      EnvelopeCodec codec = new EnvelopeCodec(config.maxPayload());
      long dead = inspector.stats(q).dead();
      int warm = Math.max(warmup / 100, 5);
      DeadFilter rare = new DeadFilter(Set.of(), OTHER, null, null);
      DeadFilter none = new DeadFilter(Set.of(), null, "NoSuchException", null);

      time(report, "page (one script call)", dead, repeat, warm,
          () -> inspector.dead(q, DeadFilter.ALL, 0, page));
      time(report, "find per task (before)", dead, repeat, warm, () -> {
        List<TaskInfo> out = new ArrayList<>();
        for (String id : broker.admin().ids(q, TaskState.DEAD, page)) {
          broker.find(q, id).map(s -> TaskInfos.of(s, codec)).ifPresent(out::add);
        }
        return out;
      });
      // what dlq list did before pages: a lookup of every dead task (up to 100,000), then the
      // filter, then the first page
      time(report, "whole DLQ by find (before)", dead, 1, 0, () -> {
        List<TaskInfo> out = new ArrayList<>();
        for (String id : broker.admin().ids(q, TaskState.DEAD, 100_000)) {
          broker.find(q, id).map(s -> TaskInfos.of(s, codec)).filter(DeadFilter.ALL::matches)
              .ifPresent(out::add);
        }
        return out.subList(0, Math.min(page, out.size()));
      });
      time(report, "offset " + tasks / 2, dead, Math.min(repeat, 5), 1,
          () -> inspector.dead(q, DeadFilter.ALL, tasks / 2, page));
      time(report, "--task (1 in 100)", dead, Math.min(repeat, 5), 1,
          () -> inspector.dead(q, rare, 0, page));
      time(report, "--error-class (no match)", dead, Math.min(repeat, 5), 1,
          () -> inspector.dead(q, none, 0, page));
    }
  }

  /** Submits the tasks, claims them and dead-letters each with a stack trace, 16 at a time. */
  private void fillDead(BenchRun run) throws Exception {
    String q = queue();
    Broker broker = run.broker();
    EnvelopeCodec codec = new EnvelopeCodec(run.config().maxPayload());
    TaskOptions options = TaskOptions.builder().queue(q).build();
    StringBuilder stack = new StringBuilder("java.io.IOException: connection reset by peer\n");
    for (int i = 0; i < 20; i++) {
      stack.append("\tat com.example.billing.Gateway.call(Gateway.java:").append(100 + i)
          .append(")\n");
    }
    TaskError error = new TaskError("java.io.IOException", "connection reset by peer",
        stack.toString());
    DeadLetterPolicy caps = new DeadLetterPolicy(
        Math.max(tasks, DeadLetterPolicy.DEFAULT_MAX_SIZE), Duration.ofDays(30));
    List<String> args = Collections.nCopies(1000, "{}");
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int sent = 0; sent < tasks; sent += 1000) {
        int n = Math.min(1000, tasks - sent);
        int others = n / 100;
        run.client().submitAllJson(BenchTasks.NOOP_NAME, args.subList(0, n - others), options);
        if (others > 0) {
          run.client().submitAllJson(OTHER, args.subList(0, others), options);
        }
        List<ClaimedTask> claimed = broker.claim(q, n, Duration.ofMinutes(5), "bench-dlq");
        List<Future<Boolean>> done = new ArrayList<>();
        for (ClaimedTask c : claimed) {
          done.add(pool.submit(() -> {
            Instant now = Instant.now();
            String env = codec.encode(codec.decode(java.util.Objects.requireNonNull(c.envelope(), c.id())).withAttempt(
                new TaskAttempt(1, "bench-dlq", now, now, "dead", error), false));
            return broker.deadLetter(q, c.ref(), env, caps);
          }));
        }
        for (Future<Boolean> f : done) {
          f.get();
        }
      }
    }
  }

  /** Times {@code reads} calls of {@code list} after {@code warm} untimed ones; adds a row. */
  private static void time(Report report, String mode, long dead, int reads, int warm,
      Supplier<List<TaskInfo>> list) {
    for (int i = 0; i < warm; i++) {
      var unused = list.get();
    }
    double[] ms = new double[reads];
    int listed = 0;
    for (int i = 0; i < reads; i++) {
      long t0 = System.nanoTime();
      listed = list.get().size();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(ms);
    report.row("mode", mode, "dead", dead, "listed", (long) listed, "reads", (long) reads,
        "medianMs", Report.round(ms[reads / 2], 2), "maxMs", Report.round(ms[reads - 1], 2));
  }
}
