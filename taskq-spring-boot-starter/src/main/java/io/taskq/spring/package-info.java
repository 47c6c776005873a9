/**
 * taskq in a Spring Boot application: {@link io.taskq.spring.TaskHandler} handler methods and
 * {@link io.taskq.spring.SpringTaskClient}, the transaction-aware client. See docs/spring.md.
 */
@NullMarked
package io.taskq.spring;

import org.jspecify.annotations.NullMarked;
