package io.taskq.cli;

import io.taskq.cli.probe.ProbeRecorder;
import io.taskq.cli.probe.ProbeTasks;
import io.taskq.inspect.Terminal;
import io.taskq.worker.TaskModules;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;

/**
 * The {@code taskq} launcher: the CLI with the probe tasks, the task modules and
 * {@link LauncherCommands} of the class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // before the first logger: long-running commands log lifecycle at INFO, one-shots only WARN
    if (System.getProperty("taskq.log.level") == null) {
      boolean longRunning = List.of(args).contains("worker") || List.of(args).contains("beat")
          || List.of(args).contains("dashboard");
      System.setProperty("taskq.log.level", longRunning ? "INFO" : "WARN");
    }
    String badFormat = LogFormat.select(System.getenv("TASKQ_LOG_FORMAT"), Terminal.stderr());
    if (badFormat != null) {
      System.err.println(badFormat);
      System.exit(1);
    }
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line of the launcher that runs {@code args}: with only the subcommand they name
   * when they name one (see {@link TaskqCli#create(TaskModules, List, String[])}).
   */
  public static CommandLine commandLine(String... args) {
    TaskModules probes = config -> List.of(new ProbeTasks(ProbeRecorder.forUrl(config.redis())));
    List<Object> extras = new ArrayList<>();
    for (LauncherCommands extra : ServiceLoader.load(LauncherCommands.class)) {
      extras.addAll(extra.commands());
    }
    return TaskqCli.create(probes.and(TaskModules.serviceLoader()), extras, args);
  }
}
