/**
 * The taskq public API: task definitions, the client that submits tasks, the handler and module
 * interfaces a worker runs, retry policies and the exception tree.
 */
@NullMarked
package io.taskq;

import org.jspecify.annotations.NullMarked;
