package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code default.run_invariants}: nightly consistency checks of one environment. */
public record RunInvariants(String env) {
  public static final TaskDefinition<RunInvariants> TASK =
      TaskDefinition.of("default.run_invariants", RunInvariants.class).withQueue("default");
}
