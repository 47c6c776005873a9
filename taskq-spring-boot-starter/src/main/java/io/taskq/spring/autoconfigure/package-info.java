/** The auto-configuration of taskq for Spring Boot and its {@code taskq.*} properties. */
@NullMarked
package io.taskq.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
