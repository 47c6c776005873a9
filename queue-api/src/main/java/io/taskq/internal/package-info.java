/** Implementation details of the API; may change without notice. */
@NullMarked
package io.taskq.internal;

import org.jspecify.annotations.NullMarked;
