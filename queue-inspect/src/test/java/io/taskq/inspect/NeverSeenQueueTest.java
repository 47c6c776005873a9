package io.taskq.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A mistyped {@code -Q} of {@code dlq} and {@code purge} is refused with one line naming the known
 * queues, as {@code queue pause} does, rather than answered with an empty DLQ or "purged 0".
 */
class NeverSeenQueueTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) throws Exception {
    Path config = Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  email: {}\n");
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--redis", "memory://", "--config", config.toString()}, 0,
        all, args.length, 4);
    return cli.execute(all);
  }

  @Test
  void dlqCommandsAndPurgeRefuseAQueueNeverSeen() throws Exception {
    assertThat(run(new DlqCommand(), "list", "-Q", "emial")).isEqualTo(ExitCodes.FAILED);
    assertThat(run(new DlqCommand(), "replay", "-Q", "emial", "--all"))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(run(new DlqCommand(), "delete", "-Q", "emial", "--all"))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(run(new PurgeCommand(), "-Q", "emial", "--force")).isEqualTo(ExitCodes.FAILED);

    assertThat(err.toString().lines()).hasSize(4).allSatisfy(line -> assertThat(line)
        .isEqualTo("taskq: queue emial has never been seen (known queues: email)"));
  }

  @Test
  void aConfiguredQueueIsKnownBeforeItsFirstTask() throws Exception {
    assertThat(run(new DlqCommand(), "list", "-Q", "email")).isZero();
    assertThat(run(new PurgeCommand(), "-Q", "email", "--force")).isZero();
    assertThat(err.toString()).isEmpty();
  }
}
