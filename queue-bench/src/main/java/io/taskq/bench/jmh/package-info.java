/**
 * JMH microbenchmarks of hot-path code that needs no Redis: the envelope codec and task ids.
 * Run them from {@code queue-bench/target/taskq-jmh.jar} (built with {@code -Pjmh}); see
 * {@code docs/performance.md}.
 */
@NullMarked
package io.taskq.bench.jmh;

import org.jspecify.annotations.NullMarked;
