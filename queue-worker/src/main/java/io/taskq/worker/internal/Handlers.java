package io.taskq.worker.internal;

import io.taskq.ConfigException;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskInterceptor;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.internal.Interceptors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The handlers a worker runs, by task name. Filled before start, read-only afterwards. Knows
 * which module (and jar) registered each task, so a duplicate names both.
 */
public final class Handlers implements TaskRegistry {
  /** A definition with its handler and where it was registered. */
  public record Registration<P>(TaskDefinition<P> definition, TaskHandler<P> handler,
      String source) {}

  private static final String IN_CODE = "a direct registration in code";

  private final Map<String, Registration<?>> byName = new LinkedHashMap<>();
  private final List<TaskInterceptor> interceptors = new ArrayList<>();
  private @Nullable String registering;

  /** Registers a module's tasks, remembering the module as their source. */
  public Handlers module(TaskModule module) {
    registering = describe(module);
    try {
      module.register(this);
    } finally {
      registering = null;
    }
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConfigException naming both sources when a task of that name is already registered
   */
  @Override
  public <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler) {
    String source = registering != null ? registering : IN_CODE;
    Registration<?> previous = byName.putIfAbsent(definition.name(),
        new Registration<>(definition, handler, source));
    if (previous != null) {
      throw new ConfigException("task " + definition.name() + " is registered twice: by "
          + previous.source() + " and by " + source + "; task names must be unique, rename one");
    }
    return this;
  }

  /** Adds an interceptor around every handler, after (inside) those added before. */
  @Override
  public TaskRegistry intercept(TaskInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** The task's registration, its handler wrapped in the interceptors. */
  public Optional<Registration<?>> find(String taskName) {
    Registration<?> r = byName.get(taskName);
    return Optional.ofNullable(r == null || interceptors.isEmpty() ? r : intercepted(r));
  }

  private <P> Registration<P> intercepted(Registration<P> r) {
    return new Registration<>(r.definition(), Interceptors.around(interceptors, r.handler()),
        r.source());
  }

  public Map<String, Registration<?>> all() {
    return Map.copyOf(byName);
  }

  /** The queues of the registered tasks, in the order of registration. */
  public Set<String> queues() {
    Set<String> queues = new LinkedHashSet<>();
    byName.values().forEach(r -> queues.add(r.definition().queue()));
    return queues;
  }

  /**
   * A module as a message names it: its {@code toString()} when the class defines one (e.g. "the
   * bundled sample tasks"), else its class name; then the jar or directory it was loaded from.
   */
  static String describe(TaskModule module) {
    Class<?> c = module.getClass();
    String label = c.getName();
    try {
      if (c.getMethod("toString").getDeclaringClass() != Object.class) {
        label = module.toString();
      }
    } catch (NoSuchMethodException e) {
      // every class has toString
    }
    String where = location(c);
    return where == null ? label : label + " in " + where;
  }

  private static @Nullable String location(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return cs.getLocation().toString();
    }
  }
}
