/**
 * The operator commands of the {@code taskq} command line (queue, task, dlq, call, health,
 * monitor, fsck, purge, ...): thin picocli commands over the public client and inspection APIs.
 * queue-cli assembles them with {@code worker} and {@code beat} into the launcher. Standard
 * output carries only data; logs and errors go to standard error.
 */
@NullMarked
package io.taskq.inspect;

import org.jspecify.annotations.NullMarked;
