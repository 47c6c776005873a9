package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code exports.csv}: a CSV export of {@code rows} rows of a dataset. */
public record ExportCsv(String dataset, int rows) {
  public static final TaskDefinition<ExportCsv> TASK =
      TaskDefinition.of("exports.csv", ExportCsv.class).withQueue("exports");
}
