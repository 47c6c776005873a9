package io.taskq.inspect;

import io.taskq.TaskAttempt;
import io.taskq.TaskInfo;
import java.io.PrintWriter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskq task get ID}. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "One task.",
    subcommands = TaskCommand.Get.class)
public final class TaskCommand extends GroupCommand {

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
