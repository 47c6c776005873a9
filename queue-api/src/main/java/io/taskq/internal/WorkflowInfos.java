package io.taskq.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.TaskError;
import io.taskq.TaskState;
import io.taskq.WorkflowInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a workflow record ({@link io.taskq.spi.WorkflowStore}) into a {@link WorkflowInfo}. */
public final class WorkflowInfos {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkflowInfos() {}

  /** The workflow of {@code fields}; empty when there are none or they are not a workflow's. */
  public static Optional<WorkflowInfo> of(String id, Map<String, String> fields) {
    String kind = fields.get("kind");
    String tasks = fields.get("tasks");
    if (kind == null || tasks == null) {
      return Optional.empty();
    }
    try {
      List<WorkflowInfo.Member> members = new ArrayList<>();
      int i = 0;
      for (JsonNode t : MAPPER.readTree(tasks)) {
        members.add(new WorkflowInfo.Member(t.path("id").asText(), t.path("queue").asText(),
            t.path("task").asText(), fields.get("r:" + i++)));
      }
      String state = fields.get("state");
      String failed = fields.get("failed");
      String error = fields.get("error");
      WorkflowInfo.Failure failure = failed == null || error == null ? null
          : failure(Integer.parseInt(failed), MAPPER.readTree(error));
      return Optional.of(new WorkflowInfo(id,
          WorkflowInfo.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
          state == null ? WorkflowInfo.State.RUNNING : WorkflowInfo.State.valueOf(state),
          members, failure == null ? null : failure.index(), failure,
          callback(fields.get("body")), callback(fields.get("errback")),
          millis(fields.get("createdAt")), millisOrNull(fields.get("finishedAt"))));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static WorkflowInfo.Failure failure(int index, JsonNode f) {
    JsonNode e = f.path("error");
    TaskError error = e.isObject()
        ? new TaskError(e.path("type").asText(), e.path("message").asText(), null) : null;
    return new WorkflowInfo.Failure(index,
        TaskState.valueOf(f.path("state").asText("dead").toUpperCase(Locale.ROOT)), error);
  }

  private static WorkflowInfo.@Nullable Member callback(@Nullable String spec) {
    if (spec == null) {
      return null;
    }
    Links.Spec s = Links.Spec.parse(spec);
    return new WorkflowInfo.Member(s.id(), s.queue(), s.task(), null);
  }

  private static Instant millis(@Nullable String ms) {
    return ms == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(ms));
  }

  private static @Nullable Instant millisOrNull(@Nullable String ms) {
    return ms == null ? null : Instant.ofEpochMilli(Long.parseLong(ms));
  }
}
