package io.taskq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.worker.TaskModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The launcher builds only the subcommand its arguments name, and answers every command line as
 * the whole tree does: same exit code, same output, same error line.
 */
class CommandSelectionTest {
  private static final TaskModules NONE = config -> List.of();

  @Test
  void aNamedCommandIsTheOnlySubcommandBuilt() {
    assertThat(subcommands("--redis", "memory://", "worker", "-Q", "email"))
        .containsExactly("worker");
    assertThat(subcommands("--config=taskq.yaml", "dlq", "list")).containsExactly("dlq");
    assertThat(subcommands("-h", "chain", "get", "x")).containsExactly("chain");
  }

  @Test
  void helpAMistypedCommandOrAnArgumentFileGetEveryCommand() {
    assertThat(subcommands()).hasSize(15);
    assertThat(subcommands("--help")).hasSize(15);
    assertThat(subcommands("wroker")).hasSize(15);
    assertThat(subcommands("@args.txt")).hasSize(15);
    assertThat(subcommands("--no-such-option", "worker")).hasSize(15);
    assertThat(subcommands("--redis")).hasSize(15);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "--help", "--version", "worker --help", "--redis memory:// worker --bogus", "wroker",
      "call", "dlq lst -Q email", "--redis=memory:// inspect --help", "--redis", "-hV",
      "--config /no/such/taskq.yaml call probe.noop", "task get", "purge -Q email --forse",
      "@/no/such/args.txt", "chain get", "dashboard --port x"})
  void answersAsTheWholeTreeDoes(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    assertThat(run(TaskqCli.create(NONE, List.of(), args), args))
        .isEqualTo(run(TaskqCli.create(NONE), args));
  }

  private static List<String> subcommands(String... args) {
    return List.copyOf(TaskqCli.create(NONE, List.of(), args).getSubcommands().keySet());
  }

  /** Exit code, standard output and standard error of one run. */
  private static List<Object> run(CommandLine cli, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return List.of(code, out.toString(), err.toString());
  }
}
