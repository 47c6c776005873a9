package io.taskq.celery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskq.celery.CeleryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task message as Celery 5.2's {@code send_task} writes it (protocol v2, JSON, base64 body,
 * every header a Python worker or monitor reads; PROTOCOL.md §2, §7).
 */
public final class OutgoingMessage {
  private static final String ORIGIN = "gen" + ProcessHandle.current().pid() + "@"
      + hostName();

  private OutgoingMessage() {}

  /** The JSON list element for a task; {@code now} is the send time. */
  public static String build(String id, String task, List<?> args, Map<String, ?> kwargs,
      CeleryOptions o, String replyTo, Instant now) {
    ArrayNode a = CeleryJson.MAPPER.valueToTree(args);
    ObjectNode kw = CeleryJson.MAPPER.valueToTree(kwargs);
    ArrayNode body = CeleryJson.MAPPER.createArrayNode();
    body.add(a);
    body.add(kw);
    ObjectNode embed = body.addObject();
    embed.putNull("callbacks");
    embed.putNull("errbacks");
    embed.putNull("chain");
    embed.putNull("chord");

    Instant eta = o.countdown() != null ? now.plus(o.countdown()) : o.eta();
    Instant expires = o.expiresIn() == null ? null : now.plus(o.expiresIn());
    ObjectNode h = CeleryJson.object();
    h.put("lang", "java");
    h.put("task", task);
    h.put("id", id);
    h.putNull("shadow");
    putTime(h, "eta", eta);
    putTime(h, "expires", expires);
    h.putNull("group");
    h.putNull("group_index");
    h.put("retries", 0);
    h.putArray("timelimit").addNull().addNull();
    h.put("root_id", id);
    h.putNull("parent_id");
    h.put("argsrepr", repr(a));
    h.put("kwargsrepr", repr(kw));
    h.put("origin", ORIGIN);
    h.put("ignore_result", false);

    ObjectNode p = CeleryJson.object();
    p.put("correlation_id", id);
    p.put("reply_to", replyTo);
    p.put("delivery_mode", 2);
    ObjectNode info = p.putObject("delivery_info");
    info.put("exchange", "");
    info.put("routing_key", o.queue());
    p.put("priority", o.priority());
    p.put("body_encoding", "base64");
    p.put("delivery_tag", UUID.randomUUID().toString());
    if (o.expiresIn() != null) {
      p.put("expiration", String.valueOf(o.expiresIn().toMillis()));
    }

    ObjectNode m = CeleryJson.object();
    m.put("body", Base64.getEncoder().encodeToString(
        CeleryJson.write(body).getBytes(StandardCharsets.UTF_8)));
    m.put("content-encoding", "utf-8");
    m.put("content-type", "application/json");
    m.set("headers", h);
    m.set("properties", p);
    return CeleryJson.write(m);
  }

  private static void putTime(ObjectNode h, String name, @Nullable Instant t) {
    if (t == null) {
      h.putNull(name);
    } else {
      h.put(name, CeleryJson.formatEta(t));
    }
  }

  /** Display only (Python shows a repr); JSON text is as readable. */
  private static String repr(JsonNode n) {
    String s = CeleryJson.write(n);
    return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
