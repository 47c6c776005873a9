package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code email.send}: a notification or password reset. */
public record SendEmail(String to, String subject, String body) {
  public static final TaskDefinition<SendEmail> TASK =
      TaskDefinition.of("email.send", SendEmail.class).withQueue("email");

  @Override
  public String toString() {
    return "SendEmail[...]"; // addresses and bodies are personal data
  }
}
