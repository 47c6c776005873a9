/**
 * {@code taskq bench}: the benchmark program (enqueue, process, latency, mixed and backlog
 * scenarios against a real Redis) and the no-op tasks it shares with the peer-harness adapter.
 */
@NullMarked
package io.taskq.bench;

import org.jspecify.annotations.NullMarked;
