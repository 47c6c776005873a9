package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code analytics.check_sla_breaches}: looks for SLA breaches in the last minutes. */
public record SlaCheck(int windowMinutes) {
  public static final TaskDefinition<SlaCheck> TASK =
      TaskDefinition.of("analytics.check_sla_breaches", SlaCheck.class).withQueue("analytics");
}
