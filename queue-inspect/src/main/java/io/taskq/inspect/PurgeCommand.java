package io.taskq.inspect;

import io.taskq.TaskState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq purge}: empties one state of a queue; asks unless {@code --force}. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Deletes a queue's pending (or scheduled, retry, dead) tasks; never active"
        + " ones. Asks on the terminal unless --force; refuses (exit 3) when standard input is"
        + " not a terminal.")
public final class PurgeCommand extends ConnectedCommand {
  @Option(names = {"-Q", "--queue"}, required = true, paramLabel = "QUEUE") String queue;

  @Option(names = "--state", paramLabel = "STATE", defaultValue = "pending",
      converter = StateOption.class,
      description = "pending (default), scheduled, retry or dead")
  TaskState state;

  @Option(names = "--force", description = "do not ask")
  boolean force;

  @Override
  public Integer call() throws Exception {
    return withInspector(oneShotConfig(), (inspector, broker) -> {
      if (!QueueCommand.seen(inspector, queue, spec.commandLine().getErr())) {
        return ExitCodes.FAILED;
      }
      String what = state.name().toLowerCase(Locale.ROOT);
      long n = switch (state) {
        case PENDING -> inspector.stats(queue).pending();
        case SCHEDULED -> inspector.stats(queue).scheduled();
        case RETRY -> inspector.stats(queue).retry();
        default -> inspector.stats(queue).dead();
      };
      if (!force) {
        // only standard input matters: the question goes to stderr, so `purge > log` still asks
        if (!Terminal.stdin()) {
          spec.commandLine().getErr().println("taskq: would delete " + n + " " + what
              + " task(s) of queue " + queue + "; refusing without a terminal on standard input:"
              + " add --force");
          return ExitCodes.REFUSED;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("Delete %d %s task(s) of queue %s? [y/N] ", n, what, queue);
        err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in,
            Charset.defaultCharset())).readLine();
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
          spec.commandLine().getErr().println("taskq: nothing deleted");
          return ExitCodes.REFUSED;
        }
      }
      long deleted = inspector.purge(queue, state);
      out().println("purged " + deleted + " " + what + " task(s) of queue " + queue);
      out().flush();
      return ExitCodes.OK;
    });
  }
}
