package io.taskq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the handler of a task in a Spring bean, for the worker of the application
 * ({@code taskq.worker.enabled=true}).
 *
 * <p>On a method: the method runs the task. Its first parameter is the payload (a record the
 * task's arguments bind to); an optional second parameter of type {@link io.taskq.TaskContext}
 * receives the attempt's context; its return value, if any, is the task's result. Exceptions
 * count as with {@link io.taskq.TaskHandler}.
 *
 * <pre>{@code
 * @Component
 * class Mailer {
 *   @TaskHandler("email.send")
 *   void send(SendEmail mail) { ... }
 * }
 * }</pre>
 *
 * <p>On a class: the bean implements {@link io.taskq.TaskHandler io.taskq.TaskHandler<P>}, whose
 * type argument is the payload type.
 *
 * <p>The task's queue and default options come from the {@link io.taskq.TaskDefinition} bean of
 * the same name when the context has one, else from {@link #queue()}. Thread-safety: the method
 * is called concurrently, on the worker's virtual threads.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaskHandler {

  /** The task name, as submitters name it ({@code email.send}). */
  String value();

  /**
   * The task's queue when no {@link io.taskq.TaskDefinition} bean names the task; empty means
   * {@value io.taskq.TaskDefinition#DEFAULT_QUEUE}.
   */
  String queue() default "";
}
