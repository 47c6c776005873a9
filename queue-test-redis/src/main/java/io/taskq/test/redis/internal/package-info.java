/** Internals of the Redis test support; may change without notice. */
@NullMarked
package io.taskq.test.redis.internal;

import org.jspecify.annotations.NullMarked;
