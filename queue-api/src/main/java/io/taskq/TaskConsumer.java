package io.taskq;

/**
 * The code that runs a task whose work returns nothing and needs no {@link TaskContext}, such as
 * {@code mail -> mailer.send(mail)} or {@code mailer::send}. Registered with
 * {@link TaskRegistry#register(TaskDefinition, TaskConsumer)}; it runs like a
 * {@link TaskHandler} (worker thread, interruptible, same outcomes) and keeps no result: a value
 * that an expression lambda computes is dropped. To keep a result or read the context, register
 * a {@link TaskHandler} instead: {@code (payload, ctx) -> value}.
 *
 * @param <P> payload type
 */
@FunctionalInterface
public interface TaskConsumer<P> {

  /**
   * Runs one attempt; returning is success.
   *
   * @throws Exception a failure, handled by the queue's retry policy
   */
  void accept(P payload) throws Exception;
}
