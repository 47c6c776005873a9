/**
 * The taskq web dashboard: a JSON API over the public {@link io.taskq.Inspector}, server-sent
 * events for live counters and a single-page UI, served by the JDK's HTTP server. Start it with
 * {@link io.taskq.dashboard.Dashboard#start}; {@code taskq dashboard} and {@code taskq worker
 * --dashboard-port} do.
 */
@NullMarked
package io.taskq.dashboard;

import org.jspecify.annotations.NullMarked;
