/**
 * The in-memory broker: the same semantics as the Redis broker in one JVM, for unit tests of
 * tasks and for the demo without Redis.
 */
@NullMarked
package io.taskq.embedded;

import org.jspecify.annotations.NullMarked;
