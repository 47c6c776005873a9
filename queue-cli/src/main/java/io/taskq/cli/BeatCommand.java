package io.taskq.cli;

import io.taskq.beat.Beat;
import io.taskq.beat.Schedule;
import io.taskq.beat.ScheduleEntry;
import io.taskq.beat.ScheduleLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.inspect.ExitCodes;
import io.taskq.spi.Broker;
import io.taskq.worker.RegisteredTasks;
import io.taskq.worker.TaskModules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code taskq beat}: fires the periodic tasks of a schedule until SIGTERM/SIGINT. */
@Command(name = "beat", mixinStandardHelpOptions = true,
    description = "Fires the periodic tasks of a schedule file; run several replicas, one fires.")
public final class BeatCommand extends LongRunningCommand {
  private static final Logger log = LoggerFactory.getLogger(BeatCommand.class);

  @Option(names = "--schedule", paramLabel = "FILE", required = true,
      description = "the schedule file (YAML)")
  Path schedule;

  @Option(names = "--leader-lease", paramLabel = "DURATION", defaultValue = "10s",
      description = "leader lease: the longest a dead leader delays firing (default: 10s)")
  String leaderLease;

  private final TaskModules modules;

  public BeatCommand(TaskModules modules) {
    this.modules = modules;
  }

  @Override
  public Integer call() throws Exception {
    Duration lease;
    try {
      lease = io.taskq.config.Units.duration(leaderLease);
      if (lease.toMillis() < 300) {
        throw new IllegalArgumentException("expected at least 300ms, got \"" + leaderLease + "\"");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--leader-lease: " + e.getMessage());
    }
    TaskqConfig config = config();
    Schedule s = ScheduleLoader.load(schedule);
    Set<String> known = knownTasks(config);
    if (known.isEmpty()) {
      for (ScheduleEntry e : s.entries()) {
        log.warn("No task modules on the class path: cannot check that task '{}' of entry {}"
            + " exists", e.task(), e.name());
      }
    }
    Beat.Builder builder = Beat.builder().schedule(s).config(config).leaderLease(lease)
        .knownTasks(known);
    handleSignals();
    Broker broker = openBroker(config);
    if (broker == null) {
      return ExitCodes.OK;
    }
    try (broker; Beat beat = builder.broker(broker).build()) {
      onStop(beat);
      if (!stopRequested()) {
        beat.start();
        beat.awaitTermination();
      }
    }
    return ExitCodes.OK;
  }

  private Set<String> knownTasks(TaskqConfig config) {
    return new RegisteredTasks(modules.forConfig(config)).names();
  }
}
