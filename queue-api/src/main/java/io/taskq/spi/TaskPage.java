package io.taskq.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a queue's tasks in one state ({@link QueueAdmin#page}).
 *
 * @param tasks the tasks, in the state's order, each as {@link Broker#find} would return it
 * @param next the cursor of the next page ({@link PageRequest#after()}), or {@code null} when this
 *     page reached the end of the state
 */
public record TaskPage(List<StoredTask> tasks, @Nullable String next) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
