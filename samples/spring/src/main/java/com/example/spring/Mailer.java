package com.example.spring;

import io.taskq.TaskContext;
import io.taskq.spring.TaskHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends emails: the handler of {@code email.send}, run by the application's worker. */
@Component
class Mailer {
  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final Emails emails;

  Mailer(Emails emails) {
    this.emails = emails;
  }

  @TaskHandler("email.send")
  void send(SendEmail mail, TaskContext context) {
    // a real mailer would talk to SMTP here; the sample only records the sending
    emails.markSent(mail.emailId());
    log.info("Sent email {} (task {}, attempt {})", mail.emailId(), context.id(),
        context.attempt());
  }
}
