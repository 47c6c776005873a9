/** Example tasks, one per sample queue. */
@NullMarked
package io.taskq.samples.tasks;

import org.jspecify.annotations.NullMarked;
