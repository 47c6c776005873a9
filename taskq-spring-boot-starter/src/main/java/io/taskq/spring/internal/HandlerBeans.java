package io.taskq.spring.internal;

import io.taskq.ConfigException;
import io.taskq.TaskContext;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.spring.TaskHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the handlers among the beans as they are created: methods annotated
 * {@link TaskHandler @TaskHandler}, and beans implementing {@link io.taskq.TaskHandler} whose
 * class is annotated. {@link #module} registers them on the worker; definitions come from the
 * {@link TaskDefinition} beans, looked up then, so no bean is created early.
 */
public final class HandlerBeans implements BeanPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(HandlerBeans.class);

  /** One handler found: the task's name, queue and payload type, and where it came from. */
  private record Found(String name, String queue, Class<?> payloadType,
      io.taskq.TaskHandler<?> handler, String origin) {}

  private final List<Found> found = new ArrayList<>();

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    TaskHandler onClass = AnnotatedElementUtils.findMergedAnnotation(type, TaskHandler.class);
    if (bean instanceof io.taskq.TaskHandler<?> handler) {
      if (onClass == null) {
        log.warn("Bean '{}' implements io.taskq.TaskHandler without @TaskHandler(\"task.name\")"
            + " on its class: the worker does not register it", beanName);
      } else {
        Class<?> payload = ResolvableType.forClass(type).as(io.taskq.TaskHandler.class)
            .getGeneric(0).resolve();
        if (payload == null) {
          throw new BeanInitializationException("bean '" + beanName + "' (" + type.getName()
              + "): cannot tell the payload type of its io.taskq.TaskHandler; implement"
              + " TaskHandler<YourPayload> with a concrete type");
        }
        add(new Found(onClass.value(), onClass.queue(), payload, handler, "bean '" + beanName
            + "'"));
      }
    }
    if (!AnnotationUtils.isCandidateClass(type, TaskHandler.class)) {
      return bean;
    }
    Map<Method, TaskHandler> methods = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<TaskHandler>) m ->
            AnnotatedElementUtils.findMergedAnnotation(m, TaskHandler.class));
    methods.forEach((method, annotation) -> add(new Found(annotation.value(), annotation.queue(),
        payloadType(method, beanName), invoker(bean, method),
        "method " + type.getSimpleName() + "." + method.getName() + " of bean '" + beanName + "'")));
    return bean;
  }

  private synchronized void add(Found f) {
    found.add(f);
  }

  private static Class<?> payloadType(Method m, String beanName) {
    Class<?>[] params = m.getParameterTypes();
    boolean ok = params.length == 1
        || (params.length == 2 && params[1] == TaskContext.class);
    if (!ok || params[0] == TaskContext.class) {
      throw new BeanInitializationException("@TaskHandler method " + m.getDeclaringClass()
          .getSimpleName() + "." + m.getName() + " of bean '" + beanName + "': expected the"
          + " parameters (Payload) or (Payload, TaskContext), got " + params.length);
    }
    return params[0];
  }

  private static io.taskq.TaskHandler<Object> invoker(Object bean, Method declared) {
    Method m = AopUtils.selectInvocableMethod(declared, bean.getClass());
    ReflectionUtils.makeAccessible(m);
    boolean withContext = m.getParameterCount() == 2;
    return (payload, context) -> {
      try {
        return withContext ? m.invoke(bean, payload, context) : m.invoke(bean, payload);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    };
  }

  /** How many handlers were found. */
  public synchronized int size() {
    return found.size();
  }

  /**
   * The module registering every handler found; a task's definition is the
   * {@link TaskDefinition} bean of its name, else one of the annotation's queue.
   */
  public TaskModule module(ListableBeanFactory beans) {
    return registry -> register(registry, definitions(beans));
  }

  private synchronized void register(TaskRegistry registry,
      Map<String, TaskDefinition<?>> definitions) {
    for (Found f : found) {
      io.taskq.TaskHandler<Object> handler = cast(f.handler());
      registry.register(definition(f, definitions.get(f.name())), handler);
    }
  }

  private static TaskDefinition<Object> definition(Found f, @Nullable TaskDefinition<?> bean) {
    if (bean == null) {
      TaskDefinition<?> d = TaskDefinition.of(f.name(), f.payloadType());
      return cast(f.queue().isEmpty() ? d : d.withQueue(f.queue()));
    }
    if (!bean.payloadType().equals(f.payloadType())) {
      throw new ConfigException("task " + f.name() + ": the " + f.origin() + " takes "
          + f.payloadType().getName() + " but its TaskDefinition bean's payload type is "
          + bean.payloadType().getName());
    }
    if (!f.queue().isEmpty() && !f.queue().equals(bean.queue())) {
      throw new ConfigException("task " + f.name() + ": @TaskHandler(queue = \"" + f.queue()
          + "\") on the " + f.origin() + " but its TaskDefinition bean's queue is "
          + bean.queue());
    }
    return cast(bean);
  }

  private static Map<String, TaskDefinition<?>> definitions(ListableBeanFactory beans) {
    Map<String, TaskDefinition<?>> byName = new HashMap<>();
    for (TaskDefinition<?> d : beans.getBeansOfType(TaskDefinition.class).values()) {
      byName.put(d.name(), d);
    }
    for (TaskDefinition.Returning<?, ?> r
        : beans.getBeansOfType(TaskDefinition.Returning.class).values()) {
      byName.put(r.name(), r.definition());
    }
    return byName;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
