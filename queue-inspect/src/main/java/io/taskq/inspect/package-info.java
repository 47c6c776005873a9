/**
 * The {@code taskq} command line: thin picocli commands over the public client, worker and
 * inspection APIs. Standard output carries only data; logs and errors go to standard error.
 */
@NullMarked
package io.taskq.inspect;

import org.jspecify.annotations.NullMarked;
