/**
 * The taskq test kit, for tests of your own task handlers: {@link io.taskq.test.TaskqTest} gives a
 * test a {@link io.taskq.test.Taskq} (client, inspector and an inline worker on the in-memory
 * broker with a manual clock), {@link io.taskq.test.TaskqAssertions} checks queues and tasks,
 * {@link io.taskq.test.EagerTaskClient} runs handlers at submit, and
 * {@link io.taskq.test.redis.RedisServerExtension} gives integration tests a real Redis.
 */
@NullMarked
package io.taskq.test;

import org.jspecify.annotations.NullMarked;
