package io.taskq.inspect;

import io.taskq.TaskqException;
import io.taskq.spi.Broker;
import java.util.List;

/** Why a queue could not be read: its keys of the wrong type, else the failure itself. */
final class QueueProblems {
  private QueueProblems() {}

  static List<String> of(Broker broker, String queue, TaskqException failure) {
    List<String> keys;
    try {
      keys = broker.keyProblems(queue);
    } catch (TaskqException e) {
      keys = List.of();
    }
    return keys.isEmpty() ? List.of(String.valueOf(failure.getMessage())) : keys;
  }
}
