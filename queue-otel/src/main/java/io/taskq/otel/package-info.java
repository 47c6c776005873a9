/**
 * OpenTelemetry tracing for taskq: {@link io.taskq.otel.TaskqTelemetry} gives a submit and a task
 * interceptor that carry the W3C trace context (and baggage) in a task's headers and record a
 * PRODUCER span per submit and a CONSUMER span per attempt, with the OpenTelemetry API only.
 */
@NullMarked
package io.taskq.otel;

import org.jspecify.annotations.NullMarked;
