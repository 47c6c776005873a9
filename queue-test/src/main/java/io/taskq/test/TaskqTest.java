package io.taskq.test;

import io.taskq.TaskModule;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test method a fresh {@link Taskq} that runs the tasks of {@link #modules()}: as a
 * parameter of type {@link Taskq}, {@link io.taskq.TaskClient} or {@link io.taskq.Inspector}, and
 * in every non-static field of type {@link Taskq} of the test instance. The harness is closed
 * after the test.
 *
 * <pre>{@code
 * @TaskqTest(modules = EmailTasks.class)
 * class EmailTasksTest {
 *   Taskq taskq;
 *
 *   @Test
 *   void sends() {
 *     taskq.client().submit(SendEmail.TASK, new SendEmail("a@example.com"));
 *     taskq.runUntilIdle();
 *     assertThat(taskq).queue("email").hasSucceeded(1);
 *   }
 * }
 * }</pre>
 *
 * <p>On a method, its modules are added to those of the class. Modules need a no-argument
 * constructor (any visibility); a module built from objects of the test registers with
 * {@link Taskq#module} in the test or a {@code @BeforeEach} method instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TaskqExtension.class)
public @interface TaskqTest {
  /** The modules whose tasks the harness runs. Default: none (register with {@link Taskq}). */
  Class<? extends TaskModule>[] modules() default {};
}
