package io.taskq.samples;

import io.taskq.bench.BenchCommand;
import io.taskq.inspect.TaskModules;
import io.taskq.inspect.TaskqCli;
import io.taskq.inspect.Terminal;
import io.taskq.samples.probe.ProbeRecorder;
import io.taskq.samples.probe.ProbeTasks;
import io.taskq.samples.soak.SoakCommand;
import io.taskq.samples.tasks.SampleTasks;
import java.util.List;
import picocli.CommandLine;

/** The {@code taskq} launcher: the CLI with the sample and probe tasks and the demo. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // before the first logger: long-running commands log lifecycle at INFO, one-shots only WARN
    if (System.getProperty("taskq.log.level") == null) {
      boolean longRunning = List.of(args).contains("worker") || List.of(args).contains("beat");
      System.setProperty("taskq.log.level", longRunning ? "INFO" : "WARN");
    }
    String badFormat = LogFormat.select(System.getenv("TASKQ_LOG_FORMAT"), Terminal.stderr());
    if (badFormat != null) {
      System.err.println(badFormat);
      System.exit(1);
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line of the launcher. */
  public static CommandLine commandLine() {
    TaskModules modules = config -> List.of(new SampleTasks(),
        new ProbeTasks(ProbeRecorder.forUrl(config.redis())));
    CommandLine cli = TaskqCli.create(modules.and(TaskModules.serviceLoader()));
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new SoakCommand());
    cli.addSubcommand(new BenchCommand());
    return cli;
  }
}
