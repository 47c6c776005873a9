/**
 * JMH microbenchmarks of hot-path code that needs no Redis: the envelope codec, task ids and
 * the decoding of a claim script's reply.
 * Run them from {@code queue-bench/target/taskq-jmh.jar} (built with {@code -Pjmh}); see
 * {@code docs/performance.md}.
 */
@NullMarked
package io.taskq.bench.jmh;

import org.jspecify.annotations.NullMarked;
