package com.example.spring;

import io.taskq.TaskHandle;
import io.taskq.spring.SpringTaskClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores emails and queues their sending, in one transaction. */
@Service
public class Emails {
  private final JdbcTemplate jdbc;
  private final SimpleJdbcInsert insert;
  private final SpringTaskClient tasks;

  Emails(JdbcTemplate jdbc, SpringTaskClient tasks) {
    this.jdbc = jdbc;
    this.insert = new SimpleJdbcInsert(jdbc).withTableName("emails")
        .usingGeneratedKeyColumns("id").usingColumns("subject", "task_id");
    this.tasks = tasks;
  }

  /** A stored email and the task that sends it. */
  public record Queued(long emailId, String taskId) {}

  /**
   * Stores the email, submits its sending, then stores its recipients. The task is enqueued when
   * the transaction commits: a recipient the database refuses (no {@code @}) rolls everything
   * back, and the task, though submitted before, is never enqueued. The task id is known at once
   * and stored with the email.
   */
  @Transactional
  public Queued queue(List<String> recipients, String subject) {
    long id = insert.executeAndReturnKey(Map.of("subject", subject, "task_id", "")).longValue();
    TaskHandle<Object> task = tasks.submitAfterCommit(SendEmail.TASK, new SendEmail(id));
    jdbc.update("update emails set task_id = ? where id = ?", task.id(), id);
    for (String r : recipients) {
      jdbc.update("insert into recipients (email_id, address) values (?, ?)", id, r);
    }
    return new Queued(id, task.id());
  }

  /** Marks an email sent; called by the worker. */
  @Transactional
  public void markSent(long emailId) {
    jdbc.update("update emails set sent_at = current_timestamp where id = ?", emailId);
  }

  /** Whether the email was sent, empty when there is no such email. */
  public Optional<Boolean> isSent(long emailId) {
    return jdbc.query("select sent_at is not null from emails where id = ?",
        (rs, n) -> rs.getBoolean(1), emailId).stream().findFirst();
  }

  /** How many emails are stored. */
  public long count() {
    Long n = jdbc.queryForObject("select count(*) from emails", Long.class);
    return n == null ? 0 : n;
  }
}
