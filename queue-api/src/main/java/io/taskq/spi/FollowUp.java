package io.taskq.spi;

import io.taskq.TaskError;
import io.taskq.TaskState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished task's links, handed to its queue's follow-ups by the call that ended it, waiting for
 * a worker to act on them ({@link Broker#followUps}) and then to remove it
 * ({@link Broker#followUpDone}).
 *
 * @param id the finished task's id
 * @param state its final state
 * @param taskName its task name, or {@code null} when the broker kept no record of it
 * @param result its result as JSON text, or {@code null} (none, or it did not succeed)
 * @param error why it did not succeed, or {@code null}
 * @param links its links as submitted ({@link NewTask#links()})
 * @param entry the broker's own form of this follow-up, which {@link Broker#followUpDone} takes
 *     back
 */
public record FollowUp(String id, TaskState state, @Nullable String taskName,
    @Nullable String result, @Nullable TaskError error, String links, String entry) {
  public FollowUp {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(links, "links");
    Objects.requireNonNull(entry, "entry");
  }

  @Override
  public String toString() {
    return "FollowUp[" + id + " " + state + "]";
  }
}
