package io.taskq.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One request: its path segments, query, caller and body, and how to answer it. */
final class Exchange {
  /** Largest request body read (action bodies are a few ids). */
  static final int MAX_BODY = 256 * 1024;

  private final HttpExchange ex;
  private final List<String> segments;
  private final Map<String, String> query;
  private String who = "anonymous";

  Exchange(HttpExchange ex) {
    this.ex = ex;
    String path = ex.getRequestURI().getRawPath();
    this.segments = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    this.query = parseQuery(ex.getRequestURI().getRawQuery());
  }

  private static Map<String, String> parseQuery(@Nullable String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  String method() {
    return ex.getRequestMethod();
  }

  String path() {
    return ex.getRequestURI().getRawPath();
  }

  /** Decoded path segments: {@code /api/queues/q} is {@code [api, queues, q]}. */
  List<String> segments() {
    return segments;
  }

  @Nullable String header(String name) {
    return ex.getRequestHeaders().getFirst(name);
  }

  @Nullable String param(String name) {
    String v = query.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** A whole-number parameter between {@code min} and {@code max}, else a 400 naming it. */
  int intParam(String name, int dflt, int min, int max) {
    String v = param(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpError.badRequest(name + " must be a whole number from " + min + " to " + max
        + ", was \"" + Views.clip(v, 40) + "\"");
  }

  /** Who is calling, for the audit log: the basic-auth user, {@code token} or anonymous. */
  String who() {
    return who + "@" + ex.getRemoteAddress().getAddress().getHostAddress();
  }

  void authenticatedAs(String who) {
    this.who = who;
  }

  byte[] body() throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new HttpError(413, "request body is larger than " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  void setHeader(String name, String value) {
    ex.getResponseHeaders().set(name, value);
  }

  void json(int status, Object value) throws IOException {
    send(status, "application/json; charset=utf-8", Json.bytes(value));
  }

  void error(int status, String message) throws IOException {
    json(status, Map.of("status", status, "error", message));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    setHeader("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Starts an open-ended response (server-sent events) and returns its stream. */
  OutputStream stream(String contentType) throws IOException {
    setHeader("Content-Type", contentType);
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  void close() {
    ex.close();
  }
}
