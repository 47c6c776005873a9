package io.taskq.inspect;

import io.taskq.TaskState;
import java.io.Console;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq purge}: empties one state of a queue; asks unless {@code --force}. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Deletes a queue's pending (or scheduled, retry, dead) tasks; never active"
        + " ones. Asks on the terminal unless --force; refuses (exit 3) without a terminal.")
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
      String what = state.name().toLowerCase(Locale.ROOT);
      long n = switch (state) {
        case PENDING -> inspector.stats(queue).pending();
        case SCHEDULED -> inspector.stats(queue).scheduled();
        case RETRY -> inspector.stats(queue).retry();
        default -> inspector.stats(queue).dead();
      };
      if (!force) {
        Console console = System.console();
        if (console == null) {
          spec.commandLine().getErr().println("taskq: would delete " + n + " " + what
              + " task(s) of queue " + queue + "; refusing without a terminal: add --force");
          return ExitCodes.REFUSED;
        }
        String answer = console.readLine("Delete %d %s task(s) of queue %s? [y/N] ", n, what,
            queue);
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
