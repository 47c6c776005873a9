package io.taskq.inspect;

import io.taskq.Inspector;
import io.taskq.TaskAttempt;
import io.taskq.TaskClient;
import io.taskq.TaskInfo;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code taskq task get ID}, {@code taskq task revoke ID...}. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "One task.",
    subcommands = {TaskCommand.Get.class, TaskCommand.Revoke.class})
public final class TaskCommand extends GroupCommand {

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes tasks: a pending, scheduled or retrying task never runs and ends"
          + " revoked; an active one is not retried (with --terminate, its worker stops it)."
          + " Exit 1 when a task is not found or cannot be revoked (dead).")
  static final class Revoke extends ConnectedCommand {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "task ids")
    List<String> ids = new ArrayList<>();

    @Option(names = {"-Q", "--queue"}, paramLabel = "QUEUE",
        description = "the tasks' queue (default: looked up per id); required with --task")
    @Nullable String queue;

    @Option(names = "--terminate",
        description = "interrupt an active task on its worker; it ends revoked")
    boolean terminate;

    @Option(names = "--task", paramLabel = "NAME",
        description = "revoke every pending, scheduled and retrying task of this name in -Q")
    @Nullable String taskName;

    @Override
    public Integer call() throws Exception {
      if (taskName != null && (queue == null || !ids.isEmpty() || terminate)) {
        throw new ParameterException(spec.commandLine(), queue == null
            ? "--task needs -Q QUEUE" : !ids.isEmpty() ? "give task ids or --task, not both"
            : "--terminate applies to task ids, not to --task (which revokes waiting tasks only)");
      }
      if (taskName == null && ids.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "give task ids or --task NAME -Q QUEUE");
      }
      TaskqConfig config = oneShotConfig();
      return withInspector(config, (inspector, broker) -> {
        if (queue != null && !QueueCommand.seen(inspector, queue, spec.commandLine().getErr())) {
          return ExitCodes.FAILED;
        }
        try (TaskClient client = TaskClient.create(broker, config)) {
          return taskName != null ? byName(client, taskName) : byId(inspector, client);
        }
      });
    }

    private int byName(TaskClient client, String name) {
      String q = java.util.Objects.requireNonNull(queue);
      Map<String, TaskState> revoked = client.revokeAll(q, name);
      revoked.forEach((id, before) -> out().println(id + " " + done(before)));
      out().flush();
      if (revoked.isEmpty()) {
        spec.commandLine().getErr().println("taskq: no pending, scheduled or retrying task named "
            + name + " in queue " + q);
      }
      return ExitCodes.OK;
    }

    private int byId(Inspector inspector, TaskClient client) {
      int exit = ExitCodes.OK;
      for (String id : ids) {
        String q = queue != null ? queue
            : inspector.task(id).map(TaskInfo::queue).orElse(null);
        TaskState before = null;
        try {
          before = q == null ? null : client.revoke(q, id, terminate);
        } catch (TaskNotFoundException e) {
          before = null;
        }
        if (before == null) {
          spec.commandLine().getErr().println("taskq: task " + id + " not found "
              + (q == null ? "in any queue" : "in queue " + q));
          exit = ExitCodes.FAILED;
        } else if (before == TaskState.DEAD) {
          spec.commandLine().getErr().println("taskq: task " + id + " is dead (in the DLQ of "
              + q + "), not revoked: delete it with taskq dlq delete -Q " + q + " --id " + id);
          exit = ExitCodes.FAILED;
        } else {
          out().println(id + " " + done(before));
        }
      }
      out().flush();
      return exit;
    }

    /** What the revoke did to a task in state {@code before}. */
    private String done(TaskState before) {
      return switch (before) {
        case PENDING, SCHEDULED, RETRY -> "revoked (was " + lower(before) + ")";
        case ACTIVE -> terminate ? "revoked (was active: its worker stops it)"
            : "revoked (was active: it runs to its end, without retry)";
        default -> "not revoked: already " + lower(before);
      };
    }

    private static String lower(TaskState s) {
      return s.name().toLowerCase(Locale.ROOT);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "A task's name, state, timestamps, retries, last error and, once it"
          + " ended, its result or error (exit 1: not found).")
  static final class Get extends ConnectedCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Option(names = "--json", description = "one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        Optional<TaskInfo> t = inspector.task(id);
        if (t.isEmpty()) {
          spec.commandLine().getErr().println("taskq: task " + id + " not found in any queue"
              + " (a finished task is kept for its queue's resultTtl, one day by default)");
          return ExitCodes.FAILED;
        }
        TaskView v = TaskView.of(t.get());
        if (json) {
          Output.json(out(), v);
        } else {
          print(out(), v);
        }
        return ExitCodes.OK;
      });
    }

    /** One labelled line per known field; times that do not apply are left out. */
    private static void print(PrintWriter out, TaskView t) {
      line(out, "id", t.id());
      line(out, "task", t.taskName());
      line(out, "queue", t.queue());
      line(out, "state", t.state());
      line(out, "retries", Integer.toString(t.retries()));
      line(out, "crashes", Integer.toString(t.crashRecoveries()));
      line(out, "created", t.createdAt());
      line(out, "started", t.startedAt());
      line(out, "due", t.dueAt());
      line(out, "died", t.diedAt());
      line(out, "finished", t.finishedAt());
      line(out, "worker", t.workerId());
      if (t.error() != null) {
        line(out, "error", t.error().type() + ": " + t.error().message());
      }
      if (t.lastError() != null) {
        line(out, "lastError", t.lastError().type() + ": " + t.lastError().message());
        if (t.lastError().stack() != null) {
          t.lastError().stack().lines().limit(12).forEach(l -> out.println("    " + l));
        }
      }
      for (TaskAttempt a : t.attempts()) {
        out.println("attempt " + a.number() + ": " + a.outcome() + " " + a.startedAt() + " -> "
            + a.finishedAt() + (a.workerId() == null ? "" : " on " + a.workerId())
            + (a.error() == null ? "" : " (" + a.error().type() + ")"));
      }
      if (t.result() != null) {
        line(out, "result", t.result().toString());
      }
      out.flush();
    }

    private static void line(PrintWriter out, String label, @Nullable Object value) {
      if (value != null) {
        out.println(label + ":" + " ".repeat(Math.max(1, 10 - label.length())) + value);
      }
    }
  }
}
