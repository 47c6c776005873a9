package io.taskq.test;

import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one task as it was when looked up. A succeeded task is known only when its
 * handler returned a value (its result is kept); see {@link TaskqAssert#task}.
 */
public final class TaskAssert extends AbstractAssert<TaskAssert, TaskInfo> {
  TaskAssert(TaskInfo actual) {
    super(actual, TaskAssert.class);
  }

  /** Checks the task's state. */
  public TaskAssert hasState(TaskState expected) {
    isNotNull();
    if (actual.state() != expected) {
      failWithMessage("Expected task %s to be %s, but it is %s%s", actual.id(), expected,
          actual.state(), lastError());
    }
    return this;
  }

  /** Checks that the task succeeded (and returned a value, so that it is kept). */
  public TaskAssert isSucceeded() {
    return hasState(TaskState.SUCCEEDED);
  }

  /** Checks that the task is in the dead-letter queue. */
  public TaskAssert isDead() {
    return hasState(TaskState.DEAD);
  }

  /**
   * Checks the task's retry count as {@link TaskInfo#retries()} reports it: a task waiting for its
   * first retry has 1, a task dead after three attempts has 2.
   */
  public TaskAssert hasRetries(int expected) {
    isNotNull();
    if (actual.retries() != expected) {
      failWithMessage("Expected task %s to have had %s retries, but it had %s", actual.id(),
          expected, actual.retries());
    }
    return this;
  }

  /** Checks the JSON text of the task's result, e.g. {@code "\"sent\""} or {@code {"n":3}}. */
  public TaskAssert hasResultJson(String expected) {
    isNotNull();
    if (!Objects.equals(actual.resultJson(), expected)) {
      failWithMessage("Expected task %s to have the result %s, but it has %s", actual.id(),
          expected, actual.resultJson());
    }
    return this;
  }

  /** Checks the class of the exception of the task's last failure (exactly, not a subclass). */
  public TaskAssert failedWith(Class<? extends Throwable> type) {
    isNotNull();
    TaskError e = actual.lastError();
    if (e == null || !(e.type().equals(type.getName()) || e.type().equals(type.getSimpleName()))) {
      failWithMessage("Expected task %s to have failed last with %s, but %s", actual.id(),
          type.getName(), e == null ? "it has no failure" : "it failed with " + e.type());
    }
    return this;
  }

  private String lastError() {
    TaskError e = actual.lastError();
    return e == null ? "" : " (last failure: " + e.type() + ")";
  }
}
