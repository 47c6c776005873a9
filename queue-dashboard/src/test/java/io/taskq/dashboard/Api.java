package io.taskq.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A small client of a running dashboard for the tests: GETs and CSRF-carrying POSTs. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final Map<String, String> headers;

  Api(Dashboard d, Map<String, String> headers) {
    this.base = d.uri();
    this.headers = headers;
  }

  Api(Dashboard d) {
    this(d, Map.of());
  }

  Answer get(String path) {
    return send(request(path).GET().build());
  }

  /** A POST with the session's CSRF token, as the UI sends it. */
  Answer post(String path, String json) {
    String token = get("/api/session").body().path("csrfToken").asText();
    return send(request(path).header("X-Taskq-Csrf", token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    headers.forEach(b::header);
    return b;
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/json") ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpClient http() {
    return http;
  }
}
