/** Internals of the test kit; may change without notice. */
@NullMarked
package io.taskq.test.internal;

import org.jspecify.annotations.NullMarked;
