/** Implementation details of the Redis broker; may change without notice. */
@NullMarked
package io.taskq.redis.internal;

import org.jspecify.annotations.NullMarked;
