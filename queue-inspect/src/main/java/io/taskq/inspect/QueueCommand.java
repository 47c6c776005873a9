package io.taskq.inspect;

import io.taskq.Inspector;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskq queue pause|resume -Q q} and {@code taskq queue forget Q}. */
@Command(name = "queue", mixinStandardHelpOptions = true,
    description = "Pauses or resumes a queue (workers stop claiming; submissions still land), or"
        + " forgets an empty stale one.",
    subcommands = {QueueCommand.Pause.class, QueueCommand.Resume.class,
        QueueCommand.Forget.class})
public final class QueueCommand extends GroupCommand {

  /**
   * Whether the queue was ever seen (registered by a submission, or configured); prints one line
   * on standard error when it was not.
   */
  static boolean seen(Inspector inspector, String queue, java.io.PrintWriter err) {
    Set<String> known = inspector.queues();
    // a shard (email#2) is seen with its queue: queues() lists each sharded queue once
    if (known.contains(queue) || known.contains(io.taskq.QueueShards.logical(queue))) {
      return true;
    }
    err.println("taskq: queue " + queue + " has never been seen (known queues: "
        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    err.flush();
    return false;
  }

  abstract static class Toggle extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, required = true, paramLabel = "QUEUE") String queue;

    abstract boolean pause();

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (!seen(inspector, queue, spec.commandLine().getErr())) {
          return ExitCodes.FAILED;
        }
        if (pause()) {
          inspector.pause(queue);
        } else {
          inspector.resume(queue);
        }
        out().println("queue " + queue + (pause() ? " paused" : " resumed"));
        out().flush();
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Workers stop claiming from the queue.")
  static final class Pause extends Toggle {
    @Override
    boolean pause() {
      return true;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Workers claim from the queue again.")
  static final class Resume extends Toggle {
    @Override
    boolean pause() {
      return false;
    }
  }

  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = "Removes an empty queue from the list of known queues (e.g. one created by a"
          + " typo); refuses while it holds tasks.")
  static final class Forget extends ConnectedCommand {
    @Parameters(index = "0", paramLabel = "QUEUE") String queue;

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        if (!seen(inspector, queue, spec.commandLine().getErr())) {
          return ExitCodes.FAILED;
        }
        if (!inspector.forget(queue)) {
          spec.commandLine().getErr().println("taskq: queue " + queue + " still holds tasks;"
              + " nothing forgotten (see 'taskq inspect stats -Q " + queue + "', purge or replay"
              + " them first)");
          return ExitCodes.FAILED;
        }
        boolean configured = config().queues().containsKey(queue);
        out().println("queue " + queue + " forgotten"
            + (configured ? " (it stays listed: the configuration names it)" : ""));
        out().flush();
        return ExitCodes.OK;
      });
    }
  }
}
