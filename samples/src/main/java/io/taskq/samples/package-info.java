/**
 * Repository dev tooling, never on an application's class path: the demo, the six sample
 * queues' tasks, soak and bench. Built into {@code samples/target/taskq-samples.jar}, which
 * {@code bin/taskq} adds to the launcher (tasks via {@code META-INF/services/io.taskq.TaskModule},
 * commands via {@link io.taskq.cli.LauncherCommands}). It may use Lettuce and the broker's
 * {@code io.taskq.redis.internal.RedisClients} directly.
 */
@NullMarked
package io.taskq.samples;

import org.jspecify.annotations.NullMarked;
