package com.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.Inspector;
import io.taskq.TaskClient;
import io.taskq.TaskResult;
import io.taskq.TaskState;
import io.taskq.test.redis.RedisServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a real Redis, over HTTP: one context for the class (it starts in
 * seconds). {@link SharedRedis} is declared before {@code @SpringBootTest}, so the Redis starts
 * before the context and stops after it closed ({@code @DirtiesContext}): the worker leaves
 * cleanly.
 */
@ExtendWith(EmailsIT.SharedRedis.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EmailsIT {
  /** The class's Redis, registered ahead of Spring's extension. */
  static final class SharedRedis implements BeforeAllCallback, AfterAllCallback {
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    public void beforeAll(ExtensionContext context) {
      REDIS.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      REDIS.afterAll(context);
    }
  }

  static final RedisServerExtension REDIS = SharedRedis.REDIS;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("taskq.redis.url", REDIS::url);
  }

  @LocalServerPort int port;
  @Autowired TaskClient client;
  @Autowired Inspector inspector;
  @Autowired Emails emails;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/emails"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPostedEmailIsSentByTheWorkerAndShowsInHealthAndPrometheus() throws Exception {
    HttpResponse<String> posted = post("{\"to\": [\"ada@example.com\"], \"subject\": \"Hi\"}");
    assertThat(posted.statusCode()).isEqualTo(202);
    JsonNode queued = json.readTree(posted.body());
    TaskResult done = client.whenFinished(client.handle(queued.get("taskId").asText(), "email",
        Object.class)).get(20, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(emails.isSent(queued.get("emailId").asLong())).contains(true);

    JsonNode health = json.readTree(get("/actuator/health").body());
    assertThat(health.at("/components/taskq/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/taskqWorker/status").asText()).isEqualTo("UP");
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(get("/actuator/prometheus").body()).containsPattern(
            "taskq_tasks_completed_total\\{[^}]*task=\"email.send\"[^}]*} [1-9]"));
  }

  @Test
  void aRefusedRecipientRollsBackTheEmailAndItsTaskIsNeverEnqueued() throws Exception {
    inspector.pause("email"); // the worker leaves pending tasks alone: what was enqueued stays
    try {
      long before = emails.count();
      HttpResponse<String> refused = post(
          "{\"to\": [\"ada@example.com\", \"not-an-address\"], \"subject\": \"Hi\"}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(emails.count()).isEqualTo(before);
      assertThat(inspector.stats("email").pending()).isZero();

      // the control: a commit does enqueue, and the task waits while the queue is paused
      assertThat(post("{\"to\": [\"bob@example.com\"], \"subject\": \"Hi\"}").statusCode())
          .isEqualTo(202);
      assertThat(inspector.stats("email").pending()).isEqualTo(1);
    } finally {
      inspector.resume("email");
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> inspector.stats("email").pending() == 0);
  }
}
