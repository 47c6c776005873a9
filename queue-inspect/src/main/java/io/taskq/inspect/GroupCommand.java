package io.taskq.inspect;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands (inspect, dlq, queue, monitor, task). */
abstract class GroupCommand implements Runnable, HasGlobalOptions {
  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  @Override
  public GlobalOptions global() {
    return global;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
