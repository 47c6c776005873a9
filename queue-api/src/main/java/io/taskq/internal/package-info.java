/**
 * Implementation details shared by taskq's own modules (the worker, the Redis broker, the CLI,
 * the test kit); may change without notice and is never for applications. The only internal
 * package used across modules: every other {@code ...internal} package stays inside its module
 * (checked by queue-cli's {@code LayeringTest}).
 */
@NullMarked
package io.taskq.internal;

import org.jspecify.annotations.NullMarked;
