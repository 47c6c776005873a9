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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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

  /** The command line with every built-in subcommand; {@code modules} are the worker's tasks. */
  public static CommandLine create(TaskModules modules) {
    return create(modules, List.of(), new String[0]);
  }

  /**
   * The command line that runs {@code args}, with the built-in subcommands and {@code extras}
   * ({@code @Command} objects). When {@code args} name one of them, that one is the only
   * subcommand: picocli reflects on every command it is given, and doing so for all of them
   * costs a fifth of a second of each {@code taskq} run on two cores. Otherwise (help, no
   * command, a mistyped one, an argument file) every subcommand is there, for the usage and
   * the nearest match.
   */
  public static CommandLine create(TaskModules modules, List<Object> extras, String[] args) {
    List<Subcommand> all = new ArrayList<>(List.of(
        new Subcommand(WorkerCommand.class, () -> new WorkerCommand(modules)),
        new Subcommand(CallCommand.class, () -> new CallCommand(modules)),
        new Subcommand(BeatCommand.class, () -> new BeatCommand(modules)),
        new Subcommand(InspectCommand.class, InspectCommand::new),
        new Subcommand(TaskCommand.class, TaskCommand::new),
        new Subcommand(WorkflowCommand.Chain.class, WorkflowCommand.Chain::new),
        new Subcommand(WorkflowCommand.Group.class, WorkflowCommand.Group::new),
        new Subcommand(PurgeCommand.class, PurgeCommand::new),
        new Subcommand(DlqCommand.class, DlqCommand::new),
        new Subcommand(QueueCommand.class, QueueCommand::new),
        new Subcommand(MonitorCommand.class, MonitorCommand::new),
        new Subcommand(HealthCommand.class, HealthCommand::new),
        new Subcommand(FsckCommand.class, FsckCommand::new),
        new Subcommand(EventsCommand.class, EventsCommand::new),
        new Subcommand(DashboardCommand.class, DashboardCommand::new)));
    for (Object extra : extras) {
      all.add(new Subcommand(extra.getClass(), () -> extra));
    }
    CommandLine cli = new CommandLine(new TaskqCommand());
    String named = commandName(cli.getCommandSpec(), args);
    List<Subcommand> chosen = all.stream().filter(c -> c.names().contains(named)).toList();
    for (Subcommand c : chosen.isEmpty() ? all : chosen) {
      cli.addSubcommand(c.make().get());
    }
    cli.setParameterExceptionHandler(TaskqCli::usageError);
    cli.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line));
    return cli;
  }

  /** A subcommand, made only when it is used; its names are those of its {@code @Command}. */
  private record Subcommand(Class<?> type, Supplier<?> make) {
    List<String> names() {
      Command c = type.getAnnotation(Command.class);
      List<String> names = new ArrayList<>(List.of(c.aliases()));
      names.add(c.name());
      return names;
    }
  }

  /**
   * The first argument that is not an option of {@code root} or its value: the command named;
   * "" when there is none or the arguments need the whole tree to be read (an option
   * {@code root} does not have, an argument file, {@code --}).
   */
  static String commandName(CommandSpec root, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        return a.startsWith("@") ? "" : a;
      }
      int eq = a.indexOf('=');
      OptionSpec option = a.startsWith("--") && eq > 0 ? root.findOption(a.substring(0, eq))
          : root.findOption(a);
      if (option == null) {
        return "";
      }
      if (eq < 0 && option.arity().max() > 0) {
        i++;
      }
    }
    return "";
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
