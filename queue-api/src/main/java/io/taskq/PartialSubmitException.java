package io.taskq;

import java.util.List;

/**
 * A bulk submission ({@link TaskClient#submitAll}) failed after some of its batches were enqueued.
 * The tasks of {@link #accepted()} are enqueued and will run; the others were not confirmed.
 *
 * <p>Every id of the call was chosen before its first batch was sent, so the rest can be completed
 * without duplicates: submit payload {@code accepted().size() + i} again with
 * {@code TaskOptions.builder().id(notConfirmed().get(i).id())}; enqueue is idempotent on the id,
 * so a task of the failed batch that did land (possible only when the cause is a
 * {@link BrokerUnavailableException}, a timeout) and is still pending or running is not enqueued
 * twice. Idempotence holds only while the task is live: one that landed and already finished runs
 * again when its id is submitted again. Submitting the whole list again would duplicate the
 * accepted tasks.
 *
 * <p>{@link #getCause()} is the failure of the batch: usually a {@link BrokerRefusedException}
 * (Redis out of memory) or a {@link BrokerUnavailableException}.
 */
public class PartialSubmitException extends TaskqException {
  private static final long serialVersionUID = 1L;
  private final List<TaskHandle<Object>> accepted;
  private final List<TaskHandle<Object>> notConfirmed;

  /**
   * @param accepted handles of the enqueued tasks, in payload order (a prefix of the payloads)
   * @param notConfirmed handles chosen for the remaining payloads, in payload order
   * @param cause the failure of the first batch that did not land
   */
  public PartialSubmitException(String queue, List<TaskHandle<Object>> accepted,
      List<TaskHandle<Object>> notConfirmed, TaskqException cause) {
    super("refused by Redis after " + accepted.size() + " of "
        + (accepted.size() + notConfirmed.size()) + " tasks: " + cause.getMessage(), queue, null,
        cause);
    this.accepted = List.copyOf(accepted);
    this.notConfirmed = List.copyOf(notConfirmed);
  }

  /** Handles of the tasks that were enqueued, in payload order; they are the first payloads. */
  public List<TaskHandle<Object>> accepted() {
    return accepted;
  }

  /** Handles chosen for the payloads after {@link #accepted()}, none of them confirmed. */
  public List<TaskHandle<Object>> notConfirmed() {
    return notConfirmed;
  }

  /** How many tasks the call submitted. */
  public int requested() {
    return accepted.size() + notConfirmed.size();
  }
}
