package com.example.hello;

import io.taskq.TaskModule;
import io.taskq.TaskRegistry;

/** The app's tasks; listed in META-INF/services/io.taskq.TaskModule for bin/taskq worker. */
public final class HelloTasks implements TaskModule {
  @Override
  public void register(TaskRegistry registry) {
    registry.register(Greeting.TASK, (greeting, ctx) -> "Hello, " + greeting.name() + "!");
  }
}
