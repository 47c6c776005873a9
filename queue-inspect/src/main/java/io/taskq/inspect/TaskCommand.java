package io.taskq.inspect;

import io.taskq.TaskAttempt;
import io.taskq.TaskInfo;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskq task get ID}. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "One task.",
    subcommands = TaskCommand.Get.class)
public final class TaskCommand extends GroupCommand {

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "A task's state, attempts, timestamps and last error (exit 1: not found).")
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
              + " (it may have finished and its result expired)");
          return ExitCodes.FAILED;
        }
        if (json) {
          Output.json(out(), t.get());
        } else {
          print(out(), t.get());
        }
        return ExitCodes.OK;
      });
    }

    private static void print(PrintWriter out, TaskInfo t) {
      out.println("id:        " + t.id());
      out.println("task:      " + t.taskName());
      out.println("queue:     " + t.queue());
      out.println("state:     " + t.state().name().toLowerCase());
      out.println("retries:   " + t.retries());
      out.println("crashes:   " + t.crashRecoveries());
      out.println("created:   " + Output.time(t.createdAt()));
      out.println("due:       " + Output.time(t.dueAt()));
      out.println("worker:    " + Output.text(t.workerId()));
      out.println("started:   " + Output.time(t.startedAt()));
      if (t.lastError() != null) {
        out.println("lastError: " + t.lastError().type() + ": " + t.lastError().message());
        if (t.lastError().stack() != null) {
          t.lastError().stack().lines().limit(12).forEach(l -> out.println("    " + l));
        }
      }
      for (TaskAttempt a : t.attempts()) {
        out.println("attempt " + a.number() + ": " + a.outcome() + " " + a.startedAt() + " -> "
            + a.finishedAt() + (a.workerId() == null ? "" : " on " + a.workerId())
            + (a.error() == null ? "" : " (" + a.error().type() + ")"));
      }
      out.flush();
    }
  }
}
