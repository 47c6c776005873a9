package io.taskq.celery.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of a {@value CeleryModules#REJECTED} task: why the message cannot run, its task
 * id and name when they were readable, and the raw message as taken from Celery's list.
 *
 * @param notRegistered the task name when the only problem is that no handler has it
 */
public record Rejected(
    String reason,
    @JsonProperty("celery_id") @Nullable String celeryId,
    @JsonProperty("not_registered") @Nullable String notRegistered,
    String raw) {

  public String toJson() {
    return CeleryJson.write(CeleryJson.MAPPER.valueToTree(this));
  }

  static Rejected of(JsonNode json) {
    return new Rejected(json.path("reason").asText("unreadable message"),
        text(json, "celery_id"), text(json, "not_registered"), json.path("raw").asText(""));
  }

  private static @Nullable String text(JsonNode json, String name) {
    JsonNode v = json.path(name);
    return v.isTextual() ? v.asText() : null;
  }
}
