package io.taskq.inspect;

import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Which task modules {@code taskq worker} registers, given the loaded configuration. */
@FunctionalInterface
public interface TaskModules {
  List<TaskModule> forConfig(TaskqConfig config);

  /** The modules found with {@link ServiceLoader} (jars on {@code --classpath}). */
  static TaskModules serviceLoader() {
    return config -> {
      List<TaskModule> modules = new ArrayList<>();
      ServiceLoader.load(TaskModule.class).forEach(modules::add);
      return modules;
    };
  }

  /** These modules and then {@code more}'s. */
  default TaskModules and(TaskModules more) {
    return config -> {
      List<TaskModule> all = new ArrayList<>(forConfig(config));
      all.addAll(more.forConfig(config));
      return all;
    };
  }
}
