package io.taskq.worker.internal;

import io.taskq.TaskDefinition;
import io.taskq.TaskHandler;
import io.taskq.TaskRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The handlers a worker runs, by task name. Filled before start, read-only afterwards. */
public final class Handlers implements TaskRegistry {
  /** A definition with its handler. */
  public record Registration<P>(TaskDefinition<P> definition, TaskHandler<P> handler) {}

  private final Map<String, Registration<?>> byName = new LinkedHashMap<>();

  @Override
  public <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler) {
    Registration<?> previous = byName.putIfAbsent(definition.name(), new Registration<>(definition, handler));
    if (previous != null) {
      throw new IllegalArgumentException("task " + definition.name() + " is registered twice");
    }
    return this;
  }

  public Optional<Registration<?>> find(String taskName) {
    return Optional.ofNullable(byName.get(taskName));
  }

  public Map<String, Registration<?>> all() {
    return Map.copyOf(byName);
  }
}
