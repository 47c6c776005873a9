/**
 * A real Redis for integration tests: {@link io.taskq.test.redis.RedisServerExtension} (a
 * {@code redis-server} process, else a Testcontainers Redis, else the tests are skipped) and
 * {@link io.taskq.test.redis.RedisServer} (the process alone).
 */
@NullMarked
package io.taskq.test.redis;

import org.jspecify.annotations.NullMarked;
