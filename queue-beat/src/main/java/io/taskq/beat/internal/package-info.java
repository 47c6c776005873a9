/** Beat internals; not API, may change without notice. */
@NullMarked
package io.taskq.beat.internal;

import org.jspecify.annotations.NullMarked;
