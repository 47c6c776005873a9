/** The benchmark peer of taskq for the side-by-side peer harness ({@code bench/peer-taskq}). */
@NullMarked
package io.taskq.samples.bench;

import org.jspecify.annotations.NullMarked;
