/**
 * taskq configuration: immutable records loaded from {@code taskq.yaml} with environment
 * overrides by {@link io.taskq.config.ConfigLoader}.
 */
@NullMarked
package io.taskq.config;

import org.jspecify.annotations.NullMarked;
