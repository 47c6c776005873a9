/**
 * Beat: periodic tasks fired exactly once across replicas. {@link io.taskq.beat.Beat} runs a
 * {@link io.taskq.beat.Schedule}; Quartz is its cron engine, Redis its leader lease and firing
 * guard.
 */
@NullMarked
package io.taskq.beat;

import org.jspecify.annotations.NullMarked;
