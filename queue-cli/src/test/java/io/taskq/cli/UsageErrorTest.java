package io.taskq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.inspect.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A mistyped command or option is one line on standard error that names the nearest match. */
class UsageErrorTest {
  private final StringWriter err = new StringWriter();

  private String run(String... args) {
    CommandLine cli = TaskqCli.create(config -> List.of());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute(args)).isEqualTo(ExitCodes.USAGE);
    return err.toString().strip();
  }

  @Test
  void aMistypedCommandIsNamedAsOneWithItsNearestMatch() {
    assertThat(run("wroker", "-Q", "email")).isEqualTo("taskq: 'taskq wroker' is not a command;"
        + " did you mean 'taskq worker'? (see 'taskq --help')");
  }

  @Test
  void aMistypedSubcommandNamesItsGroup() {
    assertThat(run("dlq", "lst", "-Q", "email")).isEqualTo("taskq: 'taskq dlq lst' is not a"
        + " command; did you mean 'taskq dlq list'? (see 'taskq dlq --help')");
  }

  @Test
  void anUnknownCommandWithoutANearOneSaysOnlyThat() {
    assertThat(run("xyzzy"))
        .isEqualTo("taskq: 'taskq xyzzy' is not a command (see 'taskq --help')");
  }

  @Test
  void aMistypedOptionGetsItsNearestMatch() {
    assertThat(run("purge", "-Q", "email", "--forse")).isEqualTo("taskq: Unknown option:"
        + " '--forse'; did you mean '--force'? (see 'taskq purge --help')");
  }

  @Test
  void anExtraArgumentOfACommandWithParametersKeepsPicocliWords() {
    assertThat(run("task", "get", "id-1", "id-2")).isEqualTo("taskq: Unmatched argument at"
        + " index 3: 'id-2' (see 'taskq task get --help')");
  }

  @Test
  void aMissingArgsFileSaysSoOnce() {
    assertThat(run("call", "probe.noop", "--redis", "memory://", "--args-file",
        "/no-such-dir/args.json")).isEqualTo("taskq: --args-file: cannot read"
        + " /no-such-dir/args.json: no such file (see 'taskq call --help')");
  }
}
