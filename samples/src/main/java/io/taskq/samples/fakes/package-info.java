/** In-memory stand-ins for external systems (mail, storage, database) used by the samples. */
@NullMarked
package io.taskq.samples.fakes;

import org.jspecify.annotations.NullMarked;
