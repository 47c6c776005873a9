package io.taskq.inspect;

import io.taskq.Inspector;
import io.taskq.BrokerUnavailableException;
import io.taskq.QueueStats;
import io.taskq.TaskqException;
import io.taskq.ScheduleStatus;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.WorkerStatus;
import io.taskq.internal.QueueProblems;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq inspect}: what is where. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Shows tasks per state, queue figures, workers and beat schedules.",
    subcommands = {InspectCommand.Active.class, InspectCommand.Reserved.class,
        InspectCommand.Scheduled.class, InspectCommand.Retry.class, InspectCommand.Stats.class,
        InspectCommand.Queues.class, InspectCommand.Workers.class,
        InspectCommand.Schedules.class})
public final class InspectCommand extends GroupCommand {

  /** Lists the tasks of one state in the chosen queues. */
  abstract static class TaskList extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, split = ",", paramLabel = "QUEUE",
        description = "queues (default: all)")
    @Nullable List<String> queues;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "at most N tasks per queue (default: 100)")
    int limit;

    @Option(names = "--json", description = "one JSON array of objects")
    boolean json;

    /** The state listed; reserved and active share the ACTIVE state, told apart by keep. */
    abstract TaskState state();

    boolean keep(TaskInfo t) {
      return true;
    }

    @Override
    public Integer call() throws Exception {
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be >= 1, was " + limit);
      }
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        List<TaskView> rows = new ArrayList<>();
        for (String q : queues == null ? List.copyOf(inspector.queues()) : queues) {
          for (TaskInfo t : inspector.tasks(q, state(), state() == TaskState.ACTIVE
              ? Math.max(limit, 1000) : limit)) {
            if (keep(t) && rows.stream().filter(r -> r.queue().equals(q)).count() < limit) {
              rows.add(TaskView.of(t));
            }
          }
        }
        print(out(), rows);
        return ExitCodes.OK;
      });
    }

    private void print(PrintWriter out, List<TaskView> rows) {
      if (json) {
        Output.json(out, rows);
        return;
      }
      List<List<String>> cells = new ArrayList<>();
      for (TaskView r : rows) {
        cells.add(List.of(r.id(), r.taskName(), r.queue(), r.state(), Output.text(r.workerId()),
            Integer.toString(r.retries()), Output.time(r.when())));
      }
      Output.table(out, List.of("ID", "TASK", "QUEUE", "STATE", "WORKER", "RETRIES",
          state() == TaskState.ACTIVE ? "STARTED" : "DUE"), cells);
    }
  }

  @Command(name = "active", mixinStandardHelpOptions = true,
      description = "Tasks whose handler is running, with their worker.")
  static final class Active extends TaskList {
    @Override
    TaskState state() {
      return TaskState.ACTIVE;
    }

    @Override
    boolean keep(TaskInfo t) {
      return t.startedAt() != null;
    }
  }

  @Command(name = "reserved", mixinStandardHelpOptions = true,
      description = "Tasks claimed by a worker whose handler has not started.")
  static final class Reserved extends TaskList {
    @Override
    TaskState state() {
      return TaskState.ACTIVE;
    }

    @Override
    boolean keep(TaskInfo t) {
      return t.startedAt() == null;
    }
  }

  @Command(name = "scheduled", mixinStandardHelpOptions = true,
      description = "Tasks waiting for their countdown or ETA.")
  static final class Scheduled extends TaskList {
    @Override
    TaskState state() {
      return TaskState.SCHEDULED;
    }

  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Failed tasks waiting for their retry backoff.")
  static final class Retry extends TaskList {
    @Override
    TaskState state() {
      return TaskState.RETRY;
    }

  }

  /** A worker in {@code --json}: times end in {@code At}. */
  record WorkerView(String id, String host, long pid, List<String> queues, int concurrency,
      int active, Instant startedAt, Instant lastHeartbeatAt, boolean alive) {
    static WorkerView of(WorkerStatus w) {
      return new WorkerView(w.id(), w.host(), w.pid(), w.queues(), w.concurrency(), w.active(),
          w.startedAt(), w.lastHeartbeat(), w.alive());
    }
  }

  /** A beat entry in {@code --json}: times end in {@code At}, ids in {@code Id}. */
  record ScheduleView(String entry, @Nullable String schedule, @Nullable Instant lastOccurrenceAt,
      @Nullable String lastTaskId, @Nullable Instant firedAt,
      @Nullable Instant nextOccurrenceAt) {
    static ScheduleView of(ScheduleStatus s) {
      return new ScheduleView(s.entry(), s.schedule(), s.lastOccurrence(), s.lastTaskId(),
          s.firedAt(), s.nextOccurrence());
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Per queue: pending, active, scheduled, retry, dead, counters and lag.")
  static final class Stats extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, split = ",", paramLabel = "QUEUE",
        description = "queues (default: all)")
    @Nullable List<String> queues;

    @Option(names = "--json", description = "{\"queues\": {\"<q>\": {...}}}")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (queues != null && !queues.stream().allMatch(
            q -> QueueCommand.seen(inspector, q, spec.commandLine().getErr()))) {
          return ExitCodes.FAILED;
        }
        Map<String, Object> byQueue = new LinkedHashMap<>();
        List<List<String>> cells = new ArrayList<>();
        int code = ExitCodes.OK;
        for (String q : queues == null ? List.copyOf(inspector.queues()) : queues) {
          QueueStats s;
          try {
            s = inspector.stats(q);
          } catch (BrokerUnavailableException e) {
            throw e;
          } catch (TaskqException e) { // one broken queue: name why, show the others
            List<String> problems = QueueProblems.of(broker, q, e);
            problems.forEach(p -> spec.commandLine().getErr().println("queue " + q + ": " + p));
            byQueue.put(q, Map.of("errors", problems));
            code = ExitCodes.FAILED;
            continue;
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("pending", s.pending());
          m.put("active", s.active());
          m.put("scheduled", s.scheduled());
          m.put("retry", s.retry());
          m.put("dead", s.dead());
          m.put("processed", s.processed());
          m.put("failed", s.failed());
          m.put("recovered", s.recovered());
          m.put("lagSeconds", s.lag().toMillis() / 1000.0);
          m.put("paused", s.paused());
          byQueue.put(q, m);
          cells.add(List.of(q, Long.toString(s.pending()), Long.toString(s.active()),
              Long.toString(s.scheduled()), Long.toString(s.retry()), Long.toString(s.dead()),
              Long.toString(s.processed()), Long.toString(s.failed()),
              Long.toString(s.recovered()), Output.seconds(s.lag()), s.paused() ? "yes" : "no"));
        }
        if (json) {
          Output.json(out(), Map.of("queues", byQueue));
        } else {
          Output.table(out(), List.of("QUEUE", "PENDING", "ACTIVE", "SCHEDULED", "RETRY", "DEAD",
              "PROCESSED", "FAILED", "RECOVERED", "LAG_S", "PAUSED"), cells);
        }
        return code;
      });
    }
  }

  @Command(name = "queues", mixinStandardHelpOptions = true, description = "Known queues.")
  static final class Queues extends ConnectedCommand {
    @Option(names = "--json", description = "a JSON array of names")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (json) {
          Output.json(out(), inspector.queues());
        } else {
          inspector.queues().forEach(out()::println);
          out().flush();
        }
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "workers", mixinStandardHelpOptions = true,
      description = "Registered workers and whether their heartbeat is fresh.")
  static final class Workers extends ConnectedCommand {
    @Option(names = "--json", description = "one JSON array of objects")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        List<WorkerStatus> ws = inspector.workers();
        if (json) {
          Output.json(out(), ws.stream().map(WorkerView::of).toList());
          return ExitCodes.OK;
        }
        List<List<String>> cells = new ArrayList<>();
        for (WorkerStatus w : ws) {
          cells.add(List.of(w.id(), w.host(), Long.toString(w.pid()), String.join(",", w.queues()),
              Integer.toString(w.concurrency()), Integer.toString(w.active()),
              Output.time(w.lastHeartbeat()), w.alive() ? "alive" : "stale"));
        }
        Output.table(out(), List.of("ID", "HOST", "PID", "QUEUES", "CONCURRENCY", "ACTIVE",
            "HEARTBEAT", "STATUS"), cells);
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "schedules", mixinStandardHelpOptions = true,
      description = "Beat entries: last fire, next fire, and the leader.")
  static final class Schedules extends ConnectedCommand {
    @Option(names = "--json", description = "{\"leaderId\": ..., \"schedules\": [...]}")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        List<ScheduleStatus> ss = inspector.schedules();
        String leader = inspector.beatLeader().orElse(null);
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("leaderId", leader);
          m.put("schedules", ss.stream().map(ScheduleView::of).toList());
          Output.json(out(), m);
          return ExitCodes.OK;
        }
        List<List<String>> cells = new ArrayList<>();
        for (ScheduleStatus s : ss) {
          cells.add(List.of(s.entry(), Output.text(s.schedule()), Output.time(s.lastOccurrence()),
              Output.text(s.lastTaskId()), Output.time(s.nextOccurrence()),
              Output.text(leader)));
        }
        Output.table(out(), List.of("ENTRY", "SCHEDULE", "LAST", "LAST_TASK", "NEXT", "LEADER"),
            cells);
        return ExitCodes.OK;
      });
    }
  }
}
