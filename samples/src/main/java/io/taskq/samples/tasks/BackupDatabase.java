package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code backup.database}: the nightly backup of one database. */
public record BackupDatabase(String database) {
  public static final TaskDefinition<BackupDatabase> TASK =
      TaskDefinition.of("backup.database", BackupDatabase.class).withQueue("backup");
}
