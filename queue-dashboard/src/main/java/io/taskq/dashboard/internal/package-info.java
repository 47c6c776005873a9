/** The dashboard's HTTP handlers, views and sampler; may change without notice. */
@NullMarked
package io.taskq.dashboard.internal;

import org.jspecify.annotations.NullMarked;
