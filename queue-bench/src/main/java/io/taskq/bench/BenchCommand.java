package io.taskq.bench;

import io.taskq.inspect.ConnectedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * {@code taskq bench}: measures taskq against a real Redis. Each scenario is a subcommand that
 * uses its own queue ({@code bench-<scenario>}), empties it before and after, prints a table and
 * with {@code --json FILE} writes the results for scripts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks taskq against Redis: enqueue, process, latency, mixed, backlog,"
        + " dlq, idle, floor."
        + " Each scenario empties its own queue bench-<scenario> before and after.",
    subcommands = {EnqueueScenario.class, ProcessScenario.class, LatencyScenario.class,
        MixedScenario.class, BacklogScenario.class, DlqScenario.class, IdleScenario.class,
        FloorScenario.class})
public final class BenchCommand extends ConnectedCommand {
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "a scenario is required: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
