package io.taskq.cli;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Extra subcommands for the launcher, found with {@link ServiceLoader}: list the implementing
 * class in {@code META-INF/services/io.taskq.cli.LauncherCommands} of a jar on the launcher's
 * class path. The repository's samples jar adds {@code demo}, {@code soak} and {@code bench} this
 * way; the launcher jar itself carries none.
 */
public interface LauncherCommands {
  /** picocli command objects ({@code @Command}-annotated), each added as a subcommand. */
  List<Object> commands();
}
