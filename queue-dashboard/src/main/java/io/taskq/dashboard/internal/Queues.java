package io.taskq.dashboard.internal;

import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.TaskState;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks the names a request carries: queues that exist, well-formed ids, known states. */
final class Queues {
  /** Task ids are 1 to 200 characters; the dashboard takes printable ones without spaces. */
  static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,200}");

  private final Inspector inspector;

  Queues(Inspector inspector) {
    this.inspector = inspector;
  }

  /**
   * The queue, known to taskq.
   *
   * @throws HttpError 400 for a malformed name, 404 for a queue that neither is configured nor
   *     ever had a task
   */
  String require(String queue) {
    if (!QueueConfig.NAME_PATTERN.matcher(queue).matches()) {
      throw HttpError.badRequest("queue names match [A-Za-z0-9._-]{1,64}, got \""
          + Views.clip(queue, 64) + "\"");
    }
    if (!inspector.queues().contains(queue)) {
      throw HttpError.notFound("unknown queue \"" + queue + "\"");
    }
    return queue;
  }

  static String requireId(String id) {
    if (!ID.matcher(id).matches()) {
      throw HttpError.badRequest("malformed task id \"" + Views.clip(id, 40) + "\"");
    }
    return id;
  }

  /** A state word of the CLI ({@code reserved} reads as active). */
  static TaskState state(String word) {
    String w = word.toUpperCase(Locale.ROOT);
    if (w.equals("RESERVED")) {
      return TaskState.ACTIVE;
    }
    try {
      return TaskState.valueOf(w);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("state must be one of pending, active, scheduled, retry, dead,"
          + " succeeded, revoked, expired; got \"" + Views.clip(word, 20) + "\"");
    }
  }
}
