package io.taskq.internal;

import io.taskq.TaskqException;
import io.taskq.spi.Broker;
import java.util.List;

/** Why a queue could not be read: its keys of the wrong type, else the failure itself. */
public final class QueueProblems {
  private QueueProblems() {}

  /** The queue's keys of the wrong type, else the failure's message. */
  public static List<String> of(Broker broker, String queue, TaskqException failure) {
    List<String> keys = keys(broker, queue);
    return keys.isEmpty() ? List.of(String.valueOf(failure.getMessage())) : keys;
  }

  /** The queue's keys of the wrong type; none when even that cannot be read. */
  public static List<String> keys(Broker broker, String queue) {
    try {
      return broker.keyProblems(queue);
    } catch (TaskqException e) {
      return List.of();
    }
  }
}
