package io.taskq.test;

import io.taskq.ConfigException;
import io.taskq.Inspector;
import io.taskq.TaskClient;
import io.taskq.TaskModule;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link TaskqTest}: one {@link Taskq} per test method, injected
 * into fields and parameters, closed after the test. Register it through {@link TaskqTest}.
 */
public final class TaskqExtension implements BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TaskqExtension.class);
  private static final String KEY = "taskq";

  /** Creates the test's harness and sets the test instance's {@link Taskq} fields. */
  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Taskq taskq = harness(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = instance.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (f.getType() == Taskq.class && !Modifier.isStatic(f.getModifiers())) {
            f.setAccessible(true);
            f.set(instance, taskq);
          }
        }
      }
    }
  }

  /** Closes the test's harness. */
  @Override
  public void afterEach(ExtensionContext context) {
    Taskq taskq = context.getStore(NAMESPACE).remove(KEY, Taskq.class);
    if (taskq != null) {
      taskq.close();
    }
  }

  /** True for parameters of type {@link Taskq}, {@link TaskClient} and {@link Inspector}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Taskq.class || type == TaskClient.class || type == Inspector.class;
  }

  /** The test's harness, its client or its inspector. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("a Taskq is given to test methods, not to "
          + parameter.getDeclaringExecutable() + ": take it as a test method parameter or field");
    }
    Taskq taskq = harness(context);
    Class<?> type = parameter.getParameter().getType();
    return type == TaskClient.class ? taskq.client()
        : type == Inspector.class ? taskq.inspector() : taskq;
  }

  private static Taskq harness(ExtensionContext context) {
    return context.getStore(NAMESPACE).computeIfAbsent(KEY, k -> create(context), Taskq.class);
  }

  private static Taskq create(ExtensionContext context) {
    List<Class<? extends TaskModule>> modules = new ArrayList<>();
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent();
        c = c.get().getParent()) {
      c.get().getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, TaskqTest.class))
          .ifPresent(a -> {
            for (Class<? extends TaskModule> m : a.modules()) {
              if (!modules.contains(m)) {
                modules.add(m);
              }
            }
          });
    }
    Taskq taskq = Taskq.create();
    modules.forEach(m -> taskq.module(instantiate(m)));
    return taskq;
  }

  private static TaskModule instantiate(Class<? extends TaskModule> type) {
    try {
      Constructor<? extends TaskModule> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (NoSuchMethodException e) {
      throw new ConfigException("task module " + type.getName() + " of @TaskqTest has no"
          + " no-argument constructor; register it with taskq.module(...) in the test instead");
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new ConfigException("task module " + type.getName() + " of @TaskqTest could not be"
          + " created: " + (e.getCause() != null ? e.getCause() : e));
    }
  }
}
