/**
 * The {@code taskq} command: the root command with the operator commands of queue-inspect,
 * {@code worker}, {@code beat}, and the launcher {@link io.taskq.cli.Main} that
 * {@code queue-cli/target/taskq.jar} runs. Jars add subcommands through
 * {@link io.taskq.cli.LauncherCommands}.
 */
@NullMarked
package io.taskq.cli;

import org.jspecify.annotations.NullMarked;
