package io.taskq.cli;

import io.taskq.BrokerRefusedException;
import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.PartialSubmitException;
import io.taskq.PayloadException;
import io.taskq.TaskqException;
import io.taskq.inspect.CallCommand;
import io.taskq.inspect.DlqCommand;
import io.taskq.inspect.EventsCommand;
import io.taskq.inspect.ExitCodes;
import io.taskq.inspect.FsckCommand;
import io.taskq.inspect.HealthCommand;
import io.taskq.inspect.InspectCommand;
import io.taskq.inspect.MonitorCommand;
import io.taskq.inspect.PurgeCommand;
import io.taskq.inspect.QueueCommand;
import io.taskq.inspect.TaskCommand;
import io.taskq.inspect.WorkflowCommand;
import io.taskq.worker.TaskModules;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Assembles the {@code taskq} command line and maps failures to the exit codes of
 * {@link ExitCodes}, each with one line on standard error.
 */
public final class TaskqCli {
  private static final Logger log = LoggerFactory.getLogger(TaskqCli.class);

  private TaskqCli() {}

  /** The command line with the built-in subcommands; {@code modules} are the worker's tasks. */
  public static CommandLine create(TaskModules modules) {
    CommandLine cli = new CommandLine(new TaskqCommand());
    cli.addSubcommand(new WorkerCommand(modules));
    cli.addSubcommand(new CallCommand(modules));
    cli.addSubcommand(new BeatCommand(modules));
    cli.addSubcommand(new InspectCommand());
    cli.addSubcommand(new TaskCommand());
    cli.addSubcommand(new WorkflowCommand.Chain());
    cli.addSubcommand(new WorkflowCommand.Group());
    cli.addSubcommand(new PurgeCommand());
    cli.addSubcommand(new DlqCommand());
    cli.addSubcommand(new QueueCommand());
    cli.addSubcommand(new MonitorCommand());
    cli.addSubcommand(new HealthCommand());
    cli.addSubcommand(new FsckCommand());
    cli.addSubcommand(new EventsCommand());
    cli.addSubcommand(new DashboardCommand());
    cli.setParameterExceptionHandler(TaskqCli::usageError);
    cli.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line));
    return cli;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    String message = firstLine(String.valueOf(e.getMessage()));
    if (e instanceof UnmatchedArgumentException u) {
      message = unmatched(u, message);
    }
    line.getErr().println("taskq: " + message + " (see '"
        + line.getCommandSpec().qualifiedName() + " --help')");
    return ExitCodes.USAGE;
  }

  /**
   * A mistyped command says so in those words ("'taskq wroker' is not a command"), not as an
   * "unmatched argument at index 0"; a mistyped command or option adds picocli's nearest match.
   */
  private static String unmatched(UnmatchedArgumentException u, String message) {
    CommandSpec spec = u.getCommandLine().getCommandSpec();
    List<String> args = u.getUnmatched();
    List<String> near = u.getSuggestions();
    if (!args.isEmpty() && !args.get(0).startsWith("-") && !spec.subcommands().isEmpty()
        && spec.positionalParameters().isEmpty()) {
      String command = spec.qualifiedName() + " ";
      return "'" + command + args.get(0) + "' is not a command" + (near.isEmpty() ? ""
          : "; did you mean '" + command + near.get(0) + "'?");
    }
    return near.isEmpty() ? message : message + "; did you mean '" + near.get(0) + "'?";
  }

  private static int failure(Exception e, CommandLine line) {
    if (e instanceof ParameterException pe) {
      return usageError(pe, new String[0]);
    }
    int code;
    if (e instanceof ConfigException) {
      code = ExitCodes.FAILED;
    } else if (e instanceof BrokerUnavailableException) {
      code = ExitCodes.DOWN;
    } else if (e instanceof BrokerRefusedException || e instanceof PartialSubmitException) {
      code = ExitCodes.REFUSED;
    } else if (e instanceof PayloadException || e instanceof IllegalArgumentException) {
      code = ExitCodes.USAGE;
    } else if (e instanceof TaskqException) {
      code = ExitCodes.FAILED;
    } else {
      log.debug("Command failed", e);
      line.getErr().println("taskq: internal error: " + e.getClass().getName() + ": "
          + firstLine(String.valueOf(e.getMessage())) + " (rerun with -Dtaskq.log.level=DEBUG"
          + " for the stack trace)");
      return ExitCodes.FAILED;
    }
    line.getErr().println("taskq: " + firstLine(String.valueOf(e.getMessage())));
    return code;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
