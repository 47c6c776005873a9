package io.taskq.samples.tasks;

import io.taskq.TaskDefinition;

/** Payload of {@code reports.render}: an analytics report as PDF or HTML. */
public record RenderReport(String reportId, String format) {
  public static final TaskDefinition<RenderReport> TASK =
      TaskDefinition.of("reports.render", RenderReport.class).withQueue("reports");
}
