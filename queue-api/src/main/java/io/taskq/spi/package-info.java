/**
 * The broker SPI: the atomic state transitions of the task lifecycle, implemented by the Redis
 * broker ({@code io.taskq.redis}) and the in-memory broker ({@code io.taskq.embedded}), both held
 * to the same contract tests.
 *
 * <p>Brokers store envelopes as opaque text: they never parse them. taskq's own code
 * ({@code io.taskq.internal.TaskEnvelope} and {@code EnvelopeCodec}, outside the SPI) builds and
 * encodes every envelope and the broker stores it whole. Every transition that acts on a claimed task carries the claim's fencing token and is a no-op when
 * the token no longer matches (the lease expired and the task was reaped or re-claimed).
 */
@NullMarked
package io.taskq.spi;

import org.jspecify.annotations.NullMarked;
