package io.taskq.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What follows one task's final state, stored with it as compact JSON ({@code NewTask.links}) and
 * handed back by the broker in a {@link io.taskq.spi.FollowUp}: its place in a chain or group
 * and the tasks to submit on success or failure, each with its id fixed in advance, so submitting
 * one twice stores it once. A chain is nested: each step's success submits the next step, which
 * carries the rest. Lists and headers are always written (empty ones too), nulls never.
 *
 * @param chain the task's chain and its index there, or {@code null}
 * @param group the task's group and its index there, or {@code null}
 * @param onSuccess tasks to submit when it SUCCEEDED
 * @param onFailure tasks to submit when it ended DEAD, REVOKED or EXPIRED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Links(@Nullable Member chain, @Nullable Member group, List<Spec> onSuccess,
    List<Spec> onFailure) {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public Links {
    onSuccess = List.copyOf(onSuccess);
    onFailure = List.copyOf(onFailure);
  }

  /**
   * A member of a chain or group.
   *
   * @param id the workflow id
   * @param index the member's index, from 0
   */
  public record Member(String id, int index) {}

  /**
   * A task to submit later, with its id fixed now.
   *
   * @param id its task id
   * @param task its task name
   * @param queue its queue
   * @param args its payload JSON, or {@code null} to receive what comes before it
   * @param headers its headers
   * @param priority its priority, 0 to 9
   * @param timeLimitMs its hard time limit in ms, or {@code null} for the queue's
   * @param softTimeLimitMs its soft time limit in ms, or {@code null} for the queue's
   * @param links what follows it, or {@code null}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(String id, String task, String queue, @Nullable String args,
      Map<String, String> headers, int priority, @Nullable Long timeLimitMs,
      @Nullable Long softTimeLimitMs, @Nullable Links links) {
    public Spec {
      headers = Map.copyOf(headers);
    }

    public String toJson() {
      return write(this);
    }

    public static Spec parse(String json) {
      return read(json, Spec.class);
    }
  }

  /** Whether nothing follows. */
  public boolean isEmpty() {
    return chain == null && group == null && onSuccess.isEmpty() && onFailure.isEmpty();
  }

  public String toJson() {
    return write(this);
  }

  /**
   * The links of their JSON.
   *
   * @throws IllegalArgumentException when the JSON is not links
   */
  public static Links parse(String json) {
    return read(json, Links.class);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("links cannot be written as JSON", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": "
          + e.getOriginalMessage(), e);
    }
  }
}
