/** The tracing interceptors behind {@link io.taskq.otel.TaskqTelemetry}; may change without notice. */
@NullMarked
package io.taskq.otel.internal;

import org.jspecify.annotations.NullMarked;
