package io.taskq.cli;

import io.taskq.inspect.GlobalOptions;
import io.taskq.inspect.HasGlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code taskq} command; its subcommands do the work. */
@Command(name = "taskq", mixinStandardHelpOptions = true,
    versionProvider = TaskqCommand.Version.class,
    description = "taskq: a distributed task queue on Redis.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:failed check, not found, configuration error",
        "2:Redis unreachable, DOWN", "3:refused", "64:usage error"})
public final class TaskqCommand implements Runnable, HasGlobalOptions {
  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  @Override
  public GlobalOptions global() {
    return global;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** The version from the jar manifest. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TaskqCommand.class.getPackage().getImplementationVersion();
      return new String[] {"taskq " + (v == null ? "development build" : v)};
    }
  }
}
