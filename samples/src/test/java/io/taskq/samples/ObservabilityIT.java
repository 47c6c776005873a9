package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.test.redis.RedisServer;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Metrics, health, heartbeat file and logs of a real worker process. */
class ObservabilityIT {
  private static final String PASSWORD = "pw-Zq81-never-logged";
  private static final String SECRET = "card-4111-planted-secret";

  @RegisterExtension static final RedisServerExtension REDIS =
      new RedisServerExtension("--requirepass", PASSWORD);

  @TempDir Path dir;
  private Launcher taskq;
  private final List<Run> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    taskq = new Launcher(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
    REDIS.server().startProcess(); // in case a test stopped it
  }

  private String url() {
    return "redis://:" + PASSWORD + "@127.0.0.1:" + REDIS.server().port();
  }

  private Run worker(String... args) {
    List<String> all = new ArrayList<>(List.of("worker", "--redis", url()));
    all.addAll(List.of(args));
    Run r = taskq.start(all.toArray(String[]::new));
    started.add(r);
    return r;
  }

  private List<String> call(String... args) {
    List<String> all = new ArrayList<>(List.of("call", "--redis", url()));
    all.addAll(List.of(args));
    Run r = taskq.run(all.toArray(String[]::new));
    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isZero();
    return r.stdout().lines().toList();
  }

  private int status(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void metricsAndHealthFollowRedisGoingAwayAndComingBack() throws Exception {
    int port = RedisServer.freePort();
    Path heartbeat = dir.resolve("worker.alive");
    worker("-Q", "obs", "--health-port", Integer.toString(port), "--heartbeat-file",
        heartbeat.toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/health/ready") == 200);
    call("probe.noop", "-Q", "obs", "--count", "5");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        body(port, "/metrics").contains("taskq_tasks_completed_total{outcome=\"success\","
            + "queue=\"obs\",task=\"probe.noop\"} 5.0"));

    String metrics = body(port, "/metrics");
    assertThat(metrics).contains("taskq_task_duration_seconds_bucket{queue=\"obs\"",
        "taskq_task_latency_seconds_bucket", "taskq_queue_depth{queue=\"obs\",state=\"pending\"}",
        "taskq_worker_capacity", "taskq_dlq_size{queue=\"obs\"}");
    assertThat(body(port, "/health")).contains("\"status\":\"UP\"", "\"redis\"", "\"obs\"");
    assertThat(status(port, "/health/live")).isEqualTo(200);
    assertThat(heartbeat).exists();

    REDIS.server().stop();
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(5)).until(() -> status(port, "/health") == 503);
    long down = (System.nanoTime() - t0) / 1_000_000;
    assertThat(status(port, "/health/ready")).isEqualTo(503);
    assertThat(status(port, "/health/live")).isEqualTo(200);

    REDIS.server().startProcess();
    t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> status(port, "/health") == 200);
    long up = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("health: 503 %d ms after Redis stopped, 200 %d ms after it returned%n",
        down, up);
    call("probe.noop", "-Q", "obs");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        body(port, "/metrics").contains("task=\"probe.noop\"} 6.0"));
  }

  @Test
  void logsAreJsonWithTheCorrelationIdAndNeverShowArgumentsOrThePassword() throws IOException {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  sec: { maxRetries: 0 }\n");
    Run w = worker("-Q", "sec");
    String echo = call("probe.echo", "-Q", "sec", "--correlation-id", "abc-123", "--args",
        "{\"card\": \"" + SECRET + "\"}").get(0);
    String fail = call("probe.fail", "-Q", "sec", "--args", "{\"card\": \"" + SECRET + "\"}")
        .get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> w.stderr().contains(fail));
    w.process().destroy();
    assertThat(w.exitCode(Duration.ofSeconds(20))).isZero();

    String log = w.stderr() + w.stdout();
    List<String> lines = log.lines().toList();
    assertThat(lines).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    assertThat(lines).anyMatch(l -> l.contains("\"correlationId\":\"abc-123\"")
        && l.contains("\"taskq.taskId\":\"" + echo + "\"") && l.contains("success"));
    assertThat(log).doesNotContain(SECRET).doesNotContain(PASSWORD);
    assertThat(Map.of("log", log).toString()).contains("\"level\":\"INFO\"");
  }
}
