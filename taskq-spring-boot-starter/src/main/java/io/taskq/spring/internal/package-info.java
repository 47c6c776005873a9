/** Internal: may change without notice. */
@NullMarked
package io.taskq.spring.internal;

import org.jspecify.annotations.NullMarked;
