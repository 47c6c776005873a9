/** The production broker on Redis: Lettuce, one Lua script per state change. */
@NullMarked
package io.taskq.redis;

import org.jspecify.annotations.NullMarked;
