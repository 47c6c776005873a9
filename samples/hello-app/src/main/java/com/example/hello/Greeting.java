package com.example.hello;

import io.taskq.TaskDefinition;

/** The payload of task {@code hello.greet}, which runs on queue {@code hello}. */
public record Greeting(String name) {
  public static final TaskDefinition.Returning<Greeting, String> TASK =
      TaskDefinition.of("hello.greet", Greeting.class).withQueue("hello").returning(String.class);
}
