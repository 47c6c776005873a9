/** Components of the worker runtime; not API, may change without notice. */
@NullMarked
package io.taskq.worker.internal;

import org.jspecify.annotations.NullMarked;
