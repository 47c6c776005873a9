package io.taskq.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.PayloadException;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored layout of an envelope, version {@value EnvelopeCodec#VERSION}: {@code {"v":1,
 * "id":..,"task":..,"queue":..,"args":{..},"headers":{..},"cid":..,"createdAt":millis,
 * "retries":n,"history":[..],"lastError":{..},"raw":..,"priority":n,"expiresAt":millis,
 * "timeLimitMs":n,"softTimeLimitMs":n,"linked":true}}; fields that are unset are left out. Written and
 * read in one streaming pass;
 * the arguments are copied as they are, never re-serialized. Thread-safe.
 */
final class EnvelopeFormat {
  private final ObjectMapper mapper;

  EnvelopeFormat(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  private static String describe(JsonProcessingException e) {
    // the location and the reason, without the offending value
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf(" from String \"");
    if (cut > 0) {
      msg = msg.substring(0, cut);
    }
    var loc = e.getLocation();
    return msg.lines().findFirst().orElse(msg)
        + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr());
  }

  String encode(TaskEnvelope e) {
    StringWriter out = new StringWriter(128 + e.args().length());
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", e.version());
      g.writeStringField("id", e.id());
      g.writeStringField("task", e.task());
      g.writeStringField("queue", e.queue());
      g.writeFieldName("args");
      g.writeRawValue(e.args());
      if (!e.headers().isEmpty()) {
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
          g.writeStringField(h.getKey(), h.getValue());
        }
        g.writeEndObject();
      }
      if (e.correlationId() != null) {
        g.writeStringField("cid", e.correlationId());
      }
      g.writeNumberField("createdAt", e.createdAt().toEpochMilli());
      g.writeNumberField("retries", e.retries());
      if (!e.history().isEmpty()) {
        g.writeArrayFieldStart("history");
        for (TaskAttempt a : e.history()) {
          g.writeStartObject();
          g.writeNumberField("n", a.number());
          if (a.workerId() != null) {
            g.writeStringField("worker", a.workerId());
          }
          g.writeNumberField("startedAt", a.startedAt().toEpochMilli());
          g.writeNumberField("finishedAt", a.finishedAt().toEpochMilli());
          g.writeStringField("outcome", a.outcome());
          if (a.error() != null) {
            g.writeFieldName("error");
            writeError(g, a.error());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (e.lastError() != null) {
        g.writeFieldName("lastError");
        writeError(g, e.lastError());
      }
      if (e.raw() != null) {
        g.writeStringField("raw", e.raw());
      }
      writeControls(g, e.controls());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new PayloadException("envelope of task " + e.id() + " cannot be encoded", e.queue(),
          e.id(), ex);
    }
    return out.toString();
  }

  private static void writeControls(JsonGenerator g, TaskControls c) throws IOException {
    if (c.priority() != 0) {
      g.writeNumberField("priority", c.priority());
    }
    if (c.expiresAt() != null) {
      g.writeNumberField("expiresAt", c.expiresAt().toEpochMilli());
    }
    if (c.timeLimit() != null) {
      g.writeNumberField("timeLimitMs", c.timeLimit().toMillis());
    }
    if (c.softTimeLimit() != null) {
      g.writeNumberField("softTimeLimitMs", c.softTimeLimit().toMillis());
    }
    if (c.linked()) {
      g.writeBooleanField("linked", true);
    }
  }

  private static void writeError(JsonGenerator g, TaskError err) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", err.type());
    g.writeStringField("message", err.message());
    if (err.stack() != null) {
      g.writeStringField("stack", err.stack());
    }
    g.writeEndObject();
  }

  TaskEnvelope decode(String text) {
    // one streaming pass; the arguments are cut out of the text as they are, not re-serialized
    int version = -1;
    String versionText = "missing";
    String id = null;
    String task = null;
    String queue = null;
    String args = null;
    String cid = null;
    String raw = null;
    long createdAt = 0;
    int retries = 0;
    int priority = 0;
    Long expiresAt = null;
    Long timeLimitMs = null;
    Long softTimeLimitMs = null;
    boolean linked = false;
    JsonNode headers = null;
    JsonNode history = null;
    JsonNode lastError = null;
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new PayloadException("stored task is not a JSON object", null, null, null);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "v" -> {
            versionText = t == JsonToken.VALUE_STRING ? '"' + p.getText() + '"' : p.getText();
            version = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
          }
          case "id" -> id = nonEmptyText(p, t);
          case "task" -> task = nonEmptyText(p, t);
          case "queue" -> queue = nonEmptyText(p, t);
          case "args" -> {
            int from = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            p.finishToken(); // a string value is read lazily: its end is known only now
            args = text.substring(from, (int) p.currentLocation().getCharOffset());
          }
          case "cid" -> cid = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
          case "raw" -> raw = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
          case "createdAt" -> createdAt = p.getValueAsLong();
          case "retries" -> retries = p.getValueAsInt();
          case "priority" -> priority = Math.clamp(p.getValueAsInt(), 0, TaskOptions.MAX_PRIORITY);
          case "expiresAt" -> expiresAt = positiveOrNull(p);
          case "timeLimitMs" -> timeLimitMs = positiveOrNull(p);
          case "softTimeLimitMs" -> softTimeLimitMs = positiveOrNull(p);
          case "linked" -> linked = t == JsonToken.VALUE_TRUE;
          case "headers" -> headers = mapper.readTree(p);
          case "history" -> history = mapper.readTree(p);
          case "lastError" -> lastError = mapper.readTree(p);
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new PayloadException("stored task is not valid JSON: " + describe(e), null, null, null);
    } catch (IOException e) {
      throw new PayloadException("stored task cannot be read: " + e.getMessage(), null, null, null);
    }
    if (version != EnvelopeCodec.VERSION) {
      throw new PayloadException("stored task has envelope version " + versionText
          + ", this worker reads version " + EnvelopeCodec.VERSION, null, null, null);
    }
    id = required(id, "id");
    task = required(task, "task");
    queue = required(queue, "queue");
    if (args == null) {
      throw new PayloadException("stored task " + id + " has no args", queue, id, null);
    }
    Map<String, String> headerMap = new LinkedHashMap<>();
    if (headers != null) {
      headers.properties().forEach(h -> headerMap.put(h.getKey(), h.getValue().asText()));
    }
    List<TaskAttempt> attempts = new ArrayList<>();
    if (history != null) {
      for (JsonNode a : history) {
        attempts.add(new TaskAttempt(a.path("n").asInt(), textOrNull(a, "worker"),
            Instant.ofEpochMilli(a.path("startedAt").asLong()),
            Instant.ofEpochMilli(a.path("finishedAt").asLong()), a.path("outcome").asText(),
            readError(a.get("error"))));
      }
    }
    return new TaskEnvelope(version, id, task, queue, args, headerMap, cid,
        Instant.ofEpochMilli(createdAt), retries, attempts, readError(lastError), raw,
        new TaskControls(priority, expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
            timeLimitMs == null ? null : Duration.ofMillis(timeLimitMs),
            softTimeLimitMs == null ? null : Duration.ofMillis(softTimeLimitMs), linked));
  }

  private static @Nullable Long positiveOrNull(JsonParser p) throws IOException {
    long v = p.getValueAsLong();
    return v > 0 ? v : null;
  }

  private static @Nullable String nonEmptyText(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING && !p.getText().isEmpty() ? p.getText() : null;
  }

  private static String required(@Nullable String value, String field) {
    if (value == null) {
      throw new PayloadException("stored task has no '" + field + "' field", null, null, null);
    }
    return value;
  }

  private static @Nullable TaskError readError(@Nullable JsonNode e) {
    if (e == null || !e.isObject()) {
      return null;
    }
    return new TaskError(e.path("type").asText("unknown"), e.path("message").asText(""),
        textOrNull(e, "stack"));
  }

  private static @Nullable String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
