package io.taskq.celery.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An incoming Celery task message (protocol v2, JSON), as read from a queue's list
 * (PROTOCOL.md §2). {@link #parse} refuses anything taskq cannot run faithfully.
 */
public record CeleryMessage(
    String id,
    String task,
    ArrayNode args,
    ObjectNode kwargs,
    CeleryCall.Headers headers,
    int priority) {

  /**
   * Reads a raw list element.
   *
   * @param step the priority step of the list it came from (0, 3, 6, 9), used when the message
   *     names no priority
   * @throws MalformedMessageException with the reason (and the task id when it was readable)
   */
  public static CeleryMessage parse(String raw, int step) {
    JsonNode root;
    try {
      root = CeleryJson.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedMessageException("not a JSON object (a kombu message envelope)");
    }
    JsonNode headers = root.path("headers");
    if (!headers.isObject()) {
      throw new MalformedMessageException("no headers object");
    }
    JsonNode task = headers.path("task");
    JsonNode idNode = headers.path("id");
    if (!task.isTextual() || task.asText().isEmpty()) {
      throw new MalformedMessageException("no headers.task: a protocol v1 message or not a task"
          + " (Celery 5 sends protocol v2)", idNode.isTextual() ? idNode.asText() : null);
    }
    if (!idNode.isTextual() || idNode.asText().isEmpty()) {
      throw new MalformedMessageException("no headers.id");
    }
    String id = idNode.asText();
    try {
      return parse(root, headers, task.asText(), id, step);
    } catch (MalformedMessageException e) {
      throw e.celeryId() == null ? new MalformedMessageException(e.getMessage(), id) : e;
    }
  }

  private static CeleryMessage parse(JsonNode root, JsonNode headers, String task, String id,
      int step) {
    String contentType = root.path("content-type").asText("");
    if (!"application/json".equals(contentType)) {
      throw new MalformedMessageException("content-type " + (contentType.isEmpty() ? "missing"
          : "\"" + contentType + "\"") + ": only application/json is supported");
    }
    JsonNode properties = root.path("properties");
    JsonNode bodyNode = root.path("body");
    if (!bodyNode.isTextual()) {
      throw new MalformedMessageException("body is not a string");
    }
    String body = bodyNode.asText();
    if ("base64".equals(properties.path("body_encoding").asText(""))) {
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new MalformedMessageException("body is not base64");
      }
    }
    JsonNode decoded;
    try {
      decoded = CeleryJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("body is not JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (decoded == null || !decoded.isArray() || decoded.size() != 3) {
      throw new MalformedMessageException("body is not [args, kwargs, embed] (3 elements)");
    }
    if (!decoded.get(0).isArray() || !decoded.get(1).isObject()) {
      throw new MalformedMessageException("body: args is not an array or kwargs not an object");
    }
    JsonNode embed = decoded.get(2);
    for (String canvas : new String[] {"callbacks", "errbacks", "chain", "chord"}) {
      JsonNode c = embed.path(canvas);
      if (!c.isMissingNode() && !c.isNull() && !(c.isArray() && c.isEmpty())) {
        throw new MalformedMessageException("embed." + canvas + " is set: canvas (link, chain,"
            + " chord) is not supported by taskq's Celery bridge");
      }
    }
    Instant eta = CeleryJson.parseTime(headers.get("eta"), "eta");
    Instant expires = CeleryJson.parseTime(headers.get("expires"), "expires");
    JsonNode retries = headers.path("retries");
    if (!retries.isMissingNode() && !retries.isNull() && !retries.canConvertToInt()) {
      throw new MalformedMessageException("headers.retries is not an integer");
    }
    JsonNode p = properties.path("priority");
    int priority = p.canConvertToInt() ? Math.max(0, Math.min(9, p.asInt())) : step;
    CeleryCall.Headers h = new CeleryCall.Headers(retries.asInt(0),
        eta == null ? null : CeleryJson.formatEta(eta),
        expires == null ? null : CeleryJson.formatEta(expires),
        text(headers, "parent_id"), text(headers, "root_id"), text(headers, "group"),
        headers.path("ignore_result").asBoolean(false));
    return new CeleryMessage(id, task, (ArrayNode) decoded.get(0), (ObjectNode) decoded.get(1), h,
        priority);
  }

  /** When the message asks not to run before. */
  public @Nullable Instant eta() {
    return headers.eta() == null ? null : CeleryJson.parseTime(
        CeleryJson.MAPPER.getNodeFactory().textNode(headers.eta()), "eta");
  }

  /** The taskq arguments this message becomes: args, kwargs and the headers a result needs. */
  public CeleryCall call() {
    return new CeleryCall(args, kwargs, headers);
  }

  private static @Nullable String text(JsonNode headers, String name) {
    JsonNode v = headers.path(name);
    return v.isTextual() ? v.asText() : null;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
