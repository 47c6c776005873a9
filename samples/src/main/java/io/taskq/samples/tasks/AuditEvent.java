package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code audit.log}: one audit event to append to the audit trail. */
public record AuditEvent(String actor, String action) {
  public static final TaskDefinition<AuditEvent> TASK =
      TaskDefinition.of("audit.log", AuditEvent.class).withQueue("default");
}
