package io.taskq.inspect;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskq queue pause|resume -Q q}. */
@Command(name = "queue", mixinStandardHelpOptions = true,
    description = "Pauses or resumes a queue: workers stop claiming; submissions still land.",
    subcommands = {QueueCommand.Pause.class, QueueCommand.Resume.class})
public final class QueueCommand extends GroupCommand {

  abstract static class Toggle extends ConnectedCommand {
    @Option(names = {"-Q", "--queue"}, required = true, paramLabel = "QUEUE") String queue;

    abstract boolean pause();

    @Override
    public Integer call() throws Exception {
      return withInspector(oneShotConfig(), (inspector, broker) -> {
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
}
