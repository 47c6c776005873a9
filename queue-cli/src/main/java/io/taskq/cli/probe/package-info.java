/** Probe tasks for operators and tests: accepted on every queue, they record their runs. */
@NullMarked
package io.taskq.cli.probe;

import org.jspecify.annotations.NullMarked;
