/** The {@code taskq} launcher, the demo, the six sample queues' tasks and the probe tasks. */
@NullMarked
package io.taskq.samples;

import org.jspecify.annotations.NullMarked;
