/**
 * The worker runtime: {@link io.taskq.worker.Worker} claims tasks from its queues, runs their
 * handlers on virtual threads, keeps their leases alive and routes every outcome (ack, retry,
 * dead-letter), and shuts down without losing work.
 */
@NullMarked
package io.taskq.worker;

import org.jspecify.annotations.NullMarked;
