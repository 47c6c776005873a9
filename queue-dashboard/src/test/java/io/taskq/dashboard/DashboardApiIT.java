package io.taskq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.Inspector;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The JSON API on a real redis-server holding tasks in every state. */
class DashboardApiIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  static RedisBroker broker;
  static Inspector inspector;
  static Seed seed;
  static Dashboard dashboard;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).build(); // per class
    seed = Seed.into(broker);
    inspector = Inspector.create(broker, Seed.CONFIG);
    dashboard = Dashboard.start(inspector, DashboardOptions.builder().port(0)
        .sampleEvery(Duration.ofMillis(200)).build());
    api = new Api(dashboard);
  }

  @AfterAll
  static void stop() {
    dashboard.close();
    broker.close();
  }

  @Test
  void listsEveryConfiguredQueueWithItsDepthsByState() {
    Api.Answer a = api.get("/api/queues");
    assertThat(a.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    a.body().path("queues").forEach(q -> names.add(q.path("queue").asText()));
    assertThat(names).contains("email", "billing", "reports");
    JsonNode email = queue(a.body(), "email");
    assertThat(email.path("pending").asLong()).isEqualTo(2);
    assertThat(email.path("scheduled").asLong()).isEqualTo(1);
    assertThat(email.path("retry").asLong()).isEqualTo(1);
    assertThat(email.path("dead").asLong()).isEqualTo(3);
    assertThat(email.path("processed").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(email.path("paused").asBoolean()).isFalse();
    assertThat(email.path("lagSeconds").isNumber()).isTrue();
    assertThat(queue(a.body(), "reports").path("pending").asLong()).isZero();
  }

  @Test
  void pagesAStateAndSearchesByTaskNameAndId() {
    JsonNode first = api.get("/api/queues/email/tasks?state=dead&limit=2").body();
    assertThat(ids(first)).hasSize(2);
    assertThat(first.path("hasMore").asBoolean()).isTrue();
    JsonNode second = api.get("/api/queues/email/tasks?state=dead&limit=2&offset=2").body();
    assertThat(second.path("hasMore").asBoolean()).isFalse();
    List<String> all = new ArrayList<>(ids(first));
    all.addAll(ids(second));
    assertThat(all).containsExactlyInAnyOrderElementsOf(seed.dead);

    assertThat(ids(api.get("/api/queues/email/tasks?state=succeeded&task=email.send").body()))
        .containsExactlyInAnyOrderElementsOf(seed.succeeded);
    assertThat(ids(api.get("/api/queues/email/tasks?state=succeeded&task=email.bounce").body()))
        .isEmpty();
    assertThat(ids(api.get("/api/queues/email/tasks?state=pending&id=" + seed.pending.get(1))
        .body())).containsExactly(seed.pending.get(1));
    assertThat(ids(api.get("/api/queues/email/tasks?state=scheduled").body()))
        .containsExactly(seed.scheduled);
    assertThat(ids(api.get("/api/queues/email/tasks?state=retry").body()))
        .containsExactly(seed.retry);
    assertThat(ids(api.get("/api/queues/email/tasks?state=revoked").body()))
        .containsExactly(seed.revoked);
    assertThat(ids(api.get("/api/queues/email/tasks?state=expired").body()))
        .containsExactly(seed.expired);
  }

  @Test
  void showsATasksAttemptsAndErrorsButNotItsResultUnlessAskedTo() throws Exception {
    JsonNode dead = api.get("/api/tasks/" + seed.dead.get(0)).body();
    assertThat(dead.path("state").asText()).isEqualTo("dead");
    assertThat(dead.path("taskName").asText()).isEqualTo("email.bounce");
    assertThat(dead.path("diedAt").asText()).endsWith("Z");
    assertThat(dead.path("lastError").path("message").asText())
        .isEqualTo("mailbox does not exist");
    assertThat(dead.path("attempts")).isNotEmpty();
    assertThat(dead.path("attempts").get(0).path("workerId").asText()).isNotBlank();

    JsonNode ok = api.get("/api/tasks/" + seed.succeeded.get(0)).body();
    assertThat(ok.path("state").asText()).isEqualTo("succeeded");
    assertThat(ok.path("result").isNull()).isTrue();
    assertThat(ok.path("resultHidden").asBoolean()).isTrue();

    try (Dashboard shown = Dashboard.start(inspector, DashboardOptions.builder().port(0)
        .showResults(true).resultLimit(6).build())) {
      JsonNode cut = new Api(shown).get("/api/tasks/" + seed.succeeded.get(0)).body();
      assertThat(cut.path("result").asText()).isEqualTo("\"sent …");
      assertThat(cut.path("resultTruncated").asBoolean()).isTrue();
    }
  }

  @Test
  void answersBadInputWithAClientErrorAndNoStackTrace() {
    assertError(api.get("/api/queues/nosuchqueue/tasks?state=dead"), 404, "unknown queue");
    assertError(api.get("/api/queues/bad%20name"), 400, "queue names match");
    assertError(api.get("/api/queues/email/tasks?state=sleeping"), 400, "state must be");
    assertError(api.get("/api/queues/email/tasks?state=dead&limit=x"), 400, "limit must be");
    assertError(api.get("/api/tasks/not%20an%20id"), 400, "malformed task id");
    assertError(api.get("/api/tasks/0000-missing"), 404, "no task 0000-missing");
    assertError(api.get("/api/nothing"), 404, "no such endpoint");
    assertError(api.post("/api/queues/billing/dlq/replay", "{not json"), 400, "not valid JSON");
    assertError(api.post("/api/queues/billing/dlq/replay", "{}"), 400, "give exactly one");
    assertError(api.post("/api/queues/billing/dlq/replay", "{\"ids\":[\"a b\"]}"), 400,
        "malformed task id");
  }

  @Test
  void changesOnlyThroughAPostCarryingTheCsrfToken() {
    assertError(api.get("/api/queues/reports/pause"), 405, "needs POST");
    Api.Answer noToken = api.send(api.request("/api/queues/reports/pause")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertError(noToken, 403, "X-Taskq-Csrf");
    Api.Answer otherSite = api.send(api.request("/api/queues/reports/pause")
        .header("X-Taskq-Csrf", api.get("/api/session").body().path("csrfToken").asText())
        .header("Origin", "http://evil.example").POST(
            java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertError(otherSite, 403, "cross-origin");
    assertThat(inspector.stats("reports").paused()).isFalse();

    assertThat(api.post("/api/queues/reports/pause", "").body().path("paused").asBoolean())
        .isTrue();
    assertThat(queue(api.get("/api/queues").body(), "reports").path("paused").asBoolean())
        .isTrue();
    api.post("/api/queues/reports/resume", "");
    assertThat(inspector.stats("reports").paused()).isFalse();
  }

  @Test
  void replaysAndDeletesDeadTasksByIdByFilterAndAllAndAuditsEach() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger audit = (Logger) LoggerFactory.getLogger("io.taskq.dashboard.audit");
    audit.setLevel(ch.qos.logback.classic.Level.INFO);
    audit.addAppender(log);

    JsonNode one = api.post("/api/queues/billing/dlq/replay",
        "{\"ids\":[\"" + seed.billingDead.get(0) + "\"]}").body();
    assertThat(one.path("replayed").asLong()).isEqualTo(1);
    assertThat(inspector.task(seed.billingDead.get(0)).orElseThrow().state().name())
        .isEqualTo("PENDING");

    JsonNode refunds = api.post("/api/queues/billing/dlq/delete",
        "{\"task\":\"billing.refund\"}").body();
    assertThat(refunds.path("deleted").asLong()).isEqualTo(2);

    JsonNode rest = api.post("/api/queues/billing/dlq/replay", "{\"all\":true}").body();
    assertThat(rest.path("replayed").asLong()).isEqualTo(2);
    assertThat(inspector.stats("billing").dead()).isZero();
    assertThat(inspector.stats("billing").pending()).isEqualTo(3);

    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "Dashboard: anonymous@127.0.0.1 replayed 1 of 1 matching dead task(s) of queue billing"
            + " (1 id(s))",
        "Dashboard: anonymous@127.0.0.1 deleted 2 of 2 matching dead task(s) of queue billing"
            + " (task=billing.refund)",
        "Dashboard: anonymous@127.0.0.1 replayed 2 of 2 matching dead task(s) of queue billing"
            + " (all)");
  }

  @Test
  void streamsLiveCountersAsServerSentEvents() throws Exception {
    HttpResponse<InputStream> r = api.http().send(api.request("/api/events").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
        // the retry hint and the event name come first
      }
      assertThat(line).isNotNull();
      JsonNode sample = Api.JSON.readTree(line.substring(6));
      assertThat(sample.path("queues").findValuesAsText("queue")).contains("email", "reports");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/history").body()
        .path("samples").size() >= 2);
  }

  @Test
  void refusesAnotherSitesHostNameOnLoopback() throws Exception {
    assertThat(statusLine("evil.example:" + dashboard.port())).contains(" 403 ");
    assertThat(statusLine("localhost:" + dashboard.port())).contains(" 200 ");
    assertThat(statusLine("127.0.0.1:" + dashboard.port())).contains(" 200 ");
  }

  /** A raw request, since the JDK's HTTP client does not let a caller set Host. */
  private static String statusLine(String host) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", dashboard.port())) {
      s.getOutputStream().write(("GET /api/queues HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }
  }

  static JsonNode queue(JsonNode body, String name) {
    return StreamSupport.stream(body.path("queues").spliterator(), false)
        .filter(q -> q.path("queue").asText().equals(name)).findFirst().orElseThrow();
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("tasks").forEach(t -> out.add(t.path("id").asText()));
    return out;
  }

  static void assertError(Api.Answer a, int status, String message) {
    assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
    assertThat(a.body().path("error").asText()).contains(message);
    assertThat(a.raw().body()).doesNotContain("\tat ").doesNotContain("Exception");
  }
}
