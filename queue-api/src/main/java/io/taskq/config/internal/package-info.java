/** Implementation details of configuration loading; may change without notice. */
@NullMarked
package io.taskq.config.internal;

import org.jspecify.annotations.NullMarked;
