package com.example.spring;

import io.taskq.TaskDefinition;

/**
 * The payload of {@code email.send}: which stored email to send. The task carries the row's id,
 * not the message, so no address travels through Redis.
 *
 * @param emailId the id of the row in {@code emails}
 */
public record SendEmail(long emailId) {
  /** The task, on its own queue {@code email}; the bean in {@link EmailTasks} names its queue. */
  public static final TaskDefinition<SendEmail> TASK =
      TaskDefinition.of("email.send", SendEmail.class).withQueue("email");
}
