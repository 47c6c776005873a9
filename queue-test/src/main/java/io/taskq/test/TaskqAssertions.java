package io.taskq.test;

/**
 * Entry point of the kit's AssertJ assertions:
 *
 * <pre>{@code
 * assertThat(taskq).queue("email").hasDead(1).hasPending(0);
 * assertThat(taskq).task(handle).isSucceeded().hasResultJson("\"sent\"");
 * }</pre>
 */
public final class TaskqAssertions {
  private TaskqAssertions() {}

  /** Assertions on the queues and tasks of {@code taskq}. */
  public static TaskqAssert assertThat(Taskq taskq) {
    return new TaskqAssert(taskq);
  }
}
