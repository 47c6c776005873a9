/**
 * {@code taskq soak}: a long run of submissions and in-process workers that counts lost and
 * duplicated tasks and watches heap, RSS and Redis memory.
 */
@NullMarked
package io.taskq.samples.soak;

import org.jspecify.annotations.NullMarked;
